import type { CalendarDate } from "../../domain/eta/index.js";
import type { SellingRule, InventoryPolicy, SellingRuleSettings } from "../../domain/selling-rules/index.js";
import { compareDigits, isGid } from "../../domain/shared/gid.js";
import { ConflictError } from "../../errors.js";
import type { ShopDomain } from "../../use-cases/ports.js";
import type {
  AvailabilityRepository,
  SellingRuleInput,
  SubstituteChoices,
  SupplierEtaRecord,
  SupplierImportRecord,
  VariantSyncRecord,
  VariantSyncUpdate,
} from "../../use-cases/availability/ports.js";
import { scopeColumns, scopeFromColumns } from "../../use-cases/availability/rule-scope.js";
import { chunks, isUniqueViolation } from "./backorder/shared.js";
import { insertStatement, rowsPerStatement } from "./backorder/statements.js";
import type { Db } from "./client.js";
import type { BackorderRule as RuleRow } from "./generated/sqlite/client.js";
import { storedGid } from "./gid-column.js";
import { storedShop } from "./shop-column.js";
import * as catalog from "./availability/catalog-mirror.js";
import * as promises from "./availability/line-promises.js";

type Args<F> = F extends (db: Db, ...args: infer A) => unknown ? A : never;

/** Rules, catalog mirror, supplier ETAs, substitutes, storefront sync state and line promises, in Prisma. */
export class PrismaAvailabilityRepository implements AvailabilityRepository {
  constructor(private readonly db: Db) {}

  // ---- rules

  async listRules(shop: ShopDomain): Promise<SellingRule[]> {
    const rows = await this.db.backorderRule.findMany({
      where: { shop },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return rows.map(toRule);
  }

  async getRule(shop: ShopDomain, id: string): Promise<SellingRule | null> {
    const row = await this.db.backorderRule.findFirst({ where: { shop, id } });
    return row ? toRule(row) : null;
  }

  async createRule(shop: ShopDomain, input: SellingRuleInput, at: Date): Promise<SellingRule> {
    try {
      const row = await this.db.backorderRule.create({
        data: { shop, ...ruleData(input), createdAt: at, updatedAt: at },
      });
      return toRule(row);
    } catch (e) {
      throw isUniqueViolation(e) ? await this.scopeTaken(shop, input) : e;
    }
  }

  async updateRule(
    shop: ShopDomain,
    id: string,
    input: SellingRuleInput,
    at: Date,
  ): Promise<SellingRule | null> {
    try {
      // updateMany: the id alone would let one shop edit another's rule.
      const { count } = await this.db.backorderRule.updateMany({
        where: { shop, id },
        data: { ...ruleData(input), updatedAt: at },
      });
      return count === 0 ? null : this.getRule(shop, id);
    } catch (e) {
      throw isUniqueViolation(e) ? await this.scopeTaken(shop, input) : e;
    }
  }

  async deleteRule(shop: ShopDomain, id: string): Promise<boolean> {
    return (await this.db.backorderRule.deleteMany({ where: { shop, id } })).count > 0;
  }

  async importRules(
    shop: ShopDomain,
    inputs: SellingRuleInput[],
    at: Date,
  ): Promise<{ created: number; updated: number }> {
    return this.db.$transaction(async (tx) => {
      let updated = 0;
      for (const input of inputs) {
        const data = ruleData(input);
        const { count } = await tx.backorderRule.updateMany({
          where: { shop, scopeKind: data.scopeKind, scopeValue: data.scopeValue },
          data: { priority: data.priority, settings: data.settings, updatedAt: at },
        });
        if (count > 0) updated++;
        else await tx.backorderRule.create({ data: { shop, ...data, createdAt: at, updatedAt: at } });
      }
      return { created: inputs.length - updated, updated };
    });
  }

  async shopsToSync(): Promise<ShopDomain[]> {
    const [rules, syncs] = await Promise.all([
      this.db.backorderRule.findMany({ distinct: ["shop"], select: { shop: true } }),
      this.db.variantSync.findMany({ distinct: ["shop"], select: { shop: true } }),
    ]);
    return [...new Set([...rules, ...syncs].map((r) => storedShop(r.shop)))].sort();
  }

  private async scopeTaken(shop: ShopDomain, input: SellingRuleInput): Promise<ConflictError> {
    const holder = await this.db.backorderRule.findUnique({
      where: { shop_scopeKind_scopeValue: { shop, ...scopeColumns(input.scope) } },
      select: { id: true },
    });
    return new ConflictError(`A rule for this scope already exists (${holder?.id ?? "unknown"})`, {
      ruleId: holder?.id ?? null,
    });
  }

  // ---- catalog mirror (availability/catalog-mirror.ts)

  upsertProducts(...a: Args<typeof catalog.upsertProducts>) {
    return catalog.upsertProducts(this.db, ...a);
  }
  listProducts(...a: Args<typeof catalog.listProducts>) {
    return catalog.listProducts(this.db, ...a);
  }
  getProducts(...a: Args<typeof catalog.getProducts>) {
    return catalog.getProducts(this.db, ...a);
  }
  productsOfInventoryItems(...a: Args<typeof catalog.productsOfInventoryItems>) {
    return catalog.productsOfInventoryItems(this.db, ...a);
  }
  deleteProductsOlderThan(...a: Args<typeof catalog.deleteProductsOlderThan>) {
    return catalog.deleteProductsOlderThan(this.db, ...a);
  }

  // ---- supplier feed

  async recordSupplierImport(
    shop: ShopDomain,
    input: {
      filename: string | null;
      rows: number;
      etas: { variantId: string; expectedOn: CalendarDate; quantity: number | null }[];
    },
    at: Date,
  ): Promise<SupplierImportRecord> {
    const named = [...new Set(input.etas.map((e) => e.variantId))];
    const row = await this.db.$transaction(async (tx) => {
      const record = await tx.supplierImport.create({
        data: { shop, filename: input.filename, rows: input.rows, createdAt: at },
      });
      for (const chunk of chunks(named, 500)) {
        await tx.supplierEta.deleteMany({ where: { shop, variantId: { in: chunk } } });
      }
      for (const chunk of chunks(input.etas, 1000)) {
        await tx.supplierEta.createMany({
          data: chunk.map((e) => ({
            shop,
            variantId: e.variantId,
            expectedOn: e.expectedOn,
            quantity: e.quantity,
            importId: record.id,
            createdAt: at,
          })),
        });
      }
      return record;
    });
    return { id: row.id, filename: row.filename, rows: row.rows, createdAt: row.createdAt };
  }

  async listSupplierImports(shop: ShopDomain, limit: number): Promise<SupplierImportRecord[]> {
    const rows = await this.db.supplierImport.findMany({
      where: { shop },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
    });
    return rows.map((r) => ({ id: r.id, filename: r.filename, rows: r.rows, createdAt: r.createdAt }));
  }

  async supplierEtas(shop: ShopDomain, variantIds: string[]): Promise<SupplierEtaRecord[]> {
    const result: SupplierEtaRecord[] = [];
    for (const chunk of chunks([...new Set(variantIds)], 500)) {
      const rows = await this.db.supplierEta.findMany({ where: { shop, variantId: { in: chunk } } });
      for (const r of rows) {
        result.push({
          variantId: storedGid("ProductVariant", r.variantId),
          expectedOn: r.expectedOn as CalendarDate,
          quantity: r.quantity,
          importId: r.importId,
        });
      }
    }
    return result.sort(
      (a, b) => compareDigits(a.variantId, b.variantId) || (a.expectedOn < b.expectedOn ? -1 : 1),
    );
  }

  // ---- substitutes

  async substituteChoices(shop: ShopDomain, variantIds: string[]): Promise<Map<string, SubstituteChoices>> {
    const result = new Map<string, SubstituteChoices>();
    for (const chunk of chunks([...new Set(variantIds)], 500)) {
      const rows = await this.db.substituteChoice.findMany({
        where: { shop, variantId: { in: chunk } },
        orderBy: [{ variantId: "asc" }, { position: "asc" }],
      });
      for (const row of rows) {
        const choices = result.get(row.variantId) ?? {
          picks: [],
          excludedVariantIds: [],
          excludedProductIds: [],
        };
        if (row.kind === "pick") choices.picks.push(storedGid("ProductVariant", row.substituteId));
        else if (isGid("Product", row.substituteId)) choices.excludedProductIds.push(row.substituteId);
        else choices.excludedVariantIds.push(storedGid("ProductVariant", row.substituteId));
        result.set(row.variantId, choices);
      }
    }
    for (const choices of result.values()) {
      choices.excludedVariantIds.sort(compareDigits);
      choices.excludedProductIds.sort(compareDigits);
    }
    return result;
  }

  async setSubstituteChoices(
    shop: ShopDomain,
    variantId: string,
    choices: SubstituteChoices,
    at: Date,
  ): Promise<void> {
    const excluded = [...new Set([...choices.excludedVariantIds, ...choices.excludedProductIds])];
    // A "never suggest" is the stronger wish: an id both picked and excluded stays excluded.
    const picks = [...new Set(choices.picks)].filter((id) => !excluded.includes(id));
    await this.db.$transaction(async (tx) => {
      await tx.substituteChoice.deleteMany({ where: { shop, variantId } });
      await tx.substituteChoice.createMany({
        data: [
          ...picks.map((substituteId, position) => ({
            shop,
            variantId,
            substituteId,
            kind: "pick",
            position,
            createdAt: at,
          })),
          ...excluded.map((substituteId) => ({
            shop,
            variantId,
            substituteId,
            kind: "exclude",
            position: 0,
            createdAt: at,
          })),
        ],
      });
    });
  }

  // ---- storefront sync state

  async variantSyncs(shop: ShopDomain, variantIds: string[]): Promise<VariantSyncRecord[]> {
    const result: VariantSyncRecord[] = [];
    for (const chunk of chunks([...new Set(variantIds)], 500)) {
      const rows = await this.db.variantSync.findMany({ where: { shop, variantId: { in: chunk } } });
      for (const r of rows) {
        result.push({
          variantId: r.variantId,
          productId: r.productId,
          availability: r.availability,
          policy: toPolicy(r.policy),
          updatedAt: r.updatedAt,
        });
      }
    }
    return result.sort((a, b) => compareDigits(a.variantId, b.variantId));
  }

  async saveVariantSyncs(shop: ShopDomain, updates: VariantSyncUpdate[]): Promise<void> {
    // Each variant's updates folded as if applied one by one, then one multi-row INSERT … ON CONFLICT DO UPDATE per
    // set of fields given (a field left out keeps its stored value, or starts as null): no read, no transaction, and
    // a crash keeps what was already written, which is true.
    const folded = new Map<string, VariantSyncUpdate>();
    for (const u of updates) folded.set(u.variantId, { ...folded.get(u.variantId), ...definedFields(u) });
    const groups = new Map<string, VariantSyncUpdate[]>();
    for (const u of folded.values()) {
      const fields = SYNC_FIELDS.filter((f) => u[f] !== undefined).join();
      groups.set(fields, [...(groups.get(fields) ?? []), u]);
    }
    const now = new Date();
    for (const group of groups.values()) {
      const fields = SYNC_FIELDS.filter((f) => group[0]![f] !== undefined);
      const columns = ["shop", "variantId", "productId", ...fields, "updatedAt"];
      for (const chunk of chunks(group, rowsPerStatement(columns.length))) {
        await this.db.$executeRaw(
          insertStatement({
            table: "VariantSync",
            columns,
            rows: chunk.map((u) => [shop, u.variantId, u.productId, ...fields.map((f) => u[f]!), now]),
            onConflict: { key: ["shop", "variantId"] },
          }),
        );
      }
    }
  }

  async syncedVariantIds(shop: ShopDomain): Promise<string[]> {
    const rows = await this.db.variantSync.findMany({ where: { shop }, select: { variantId: true } });
    return rows.map((r) => r.variantId).sort(compareDigits);
  }

  // ---- line promises (availability/line-promises.ts)

  linePromises(...a: Args<typeof promises.linePromises>) {
    return promises.linePromises(this.db, ...a);
  }
  agreeToEta(...a: Args<typeof promises.agreeToEta>) {
    return promises.agreeToEta(this.db, ...a);
  }
  savePromiseChanges(...a: Args<typeof promises.savePromiseChanges>) {
    return promises.savePromiseChanges(this.db, ...a);
  }
  listSlips(...a: Args<typeof promises.listSlips>) {
    return promises.listSlips(this.db, ...a);
  }

  async deleteByShop(shop: ShopDomain): Promise<void> {
    const where = { where: { shop } };
    await this.db.$transaction([
      this.db.backorderRule.deleteMany(where),
      this.db.productMirror.deleteMany(where),
      this.db.supplierEta.deleteMany(where),
      this.db.supplierImport.deleteMany(where),
      this.db.substituteChoice.deleteMany(where),
      this.db.variantSync.deleteMany(where),
      this.db.linePromise.deleteMany(where),
      this.db.etaSlip.deleteMany(where),
      this.db.supplierImportSlip.deleteMany(where),
      this.db.supplierImportRun.deleteMany(where),
    ]);
  }
}

function ruleData(input: SellingRuleInput) {
  return {
    ...scopeColumns(input.scope),
    priority: input.priority,
    settings: JSON.stringify(input.settings),
  };
}

function toRule(row: RuleRow): SellingRule {
  return {
    id: row.id,
    scope: scopeFromColumns(row.scopeKind, row.scopeValue),
    priority: row.priority,
    updatedAt: row.updatedAt.toISOString(),
    settings: JSON.parse(row.settings) as SellingRuleSettings,
  };
}

const SYNC_FIELDS = ["availability", "policy"] as const;

/** The update without its undefined fields (they keep what an earlier update of the same call gave). */
function definedFields(u: VariantSyncUpdate): VariantSyncUpdate {
  return Object.fromEntries(Object.entries(u).filter(([, v]) => v !== undefined)) as VariantSyncUpdate;
}

function toPolicy(value: string | null): InventoryPolicy | null {
  return value === "CONTINUE" || value === "DENY" ? value : null;
}
