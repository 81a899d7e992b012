import type { CalendarDate, Eta } from "../../domain/eta/index.js";
import type { SellingRule, InventoryPolicy, SellingRuleSettings } from "../../domain/selling-rules/index.js";
import { isGid } from "../../domain/shared/gid.js";
import { ConflictError } from "../../errors.js";
import type { ShopDomain } from "../../use-cases/ports.js";
import type {
  EtaSlipRecord,
  LinePromiseRecord,
  MirroredProduct,
  MirroredVariant,
  PromiseChanges,
  AvailabilityRepository,
  SellingRuleInput,
  SubstituteChoices,
  SupplierEtaRecord,
  SupplierImportRecord,
  VariantSyncRecord,
  VariantSyncUpdate,
} from "../../use-cases/availability/ports.js";
import { scopeColumns, scopeFromColumns } from "../../use-cases/availability/rule-scope.js";
import type { Db } from "./client.js";
import { Prisma, type BackorderRule as RuleRow, type ProductMirror } from "./generated/sqlite/client.js";
import { storedGid, storedGids } from "./gid-column.js";
import { storedShop } from "./shop-column.js";

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

  // ---- catalog mirror

  async upsertProducts(shop: ShopDomain, products: MirroredProduct[]): Promise<void> {
    for (const product of products) {
      const data = productData(product);
      // Conditional update first: an older copy never overwrites a newer one, and there is no read-then-write gap.
      for (let attempt = 0; attempt < 3; attempt++) {
        const { count } = await this.db.productMirror.updateMany({
          where: { shop, productId: product.productId, asOf: { lte: product.asOf } },
          data,
        });
        if (count > 0) break;
        try {
          await this.db.productMirror.create({ data: { shop, productId: product.productId, ...data } });
          break;
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
          // The row exists: either newer than ours (the next update matches nothing and create fails again, which
          // ends the loop) or created concurrently by an older copy (the next update wins).
        }
      }
    }
  }

  async listProducts(shop: ShopDomain): Promise<MirroredProduct[]> {
    const rows = await this.db.productMirror.findMany({ where: { shop } });
    return rows.map(toProduct).sort((a, b) => compareIds(a.productId, b.productId));
  }

  async getProducts(shop: ShopDomain, productIds: string[]): Promise<MirroredProduct[]> {
    if (productIds.length === 0) return [];
    const rows = await this.db.productMirror.findMany({ where: { shop, productId: { in: productIds } } });
    return rows.map(toProduct).sort((a, b) => compareIds(a.productId, b.productId));
  }

  async productsOfInventoryItem(shop: ShopDomain, inventoryItemId: string): Promise<MirroredProduct[]> {
    // The variants are one JSON column; a substring match narrows the read to the products naming the item (the
    // quotes keep gid://…/1 from matching gid://…/12), and the exact check below drops any false hit.
    const rows = await this.db.productMirror.findMany({
      where: { shop, variants: { contains: JSON.stringify(inventoryItemId) } },
    });
    return rows
      .map(toProduct)
      .filter((p) => p.variants.some((v) => v.inventoryItemId === inventoryItemId))
      .sort((a, b) => compareIds(a.productId, b.productId));
  }

  async deleteProductsOlderThan(shop: ShopDomain, asOf: Date): Promise<number> {
    return (await this.db.productMirror.deleteMany({ where: { shop, asOf: { lt: asOf } } })).count;
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
      (a, b) => compareIds(a.variantId, b.variantId) || (a.expectedOn < b.expectedOn ? -1 : 1),
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
      choices.excludedVariantIds.sort(compareIds);
      choices.excludedProductIds.sort(compareIds);
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
    return result.sort((a, b) => compareIds(a.variantId, b.variantId));
  }

  async saveVariantSyncs(shop: ShopDomain, updates: VariantSyncUpdate[]): Promise<void> {
    // Row by row, update first: each row stands alone (a crash keeps what was already written, which is true), and
    // no transaction holds a read while another writer waits.
    for (const u of updates) {
      const fields = {
        productId: u.productId,
        ...(u.availability !== undefined ? { availability: u.availability } : {}),
        ...(u.policy !== undefined ? { policy: u.policy } : {}),
      };
      const where = { shop, variantId: u.variantId };
      if ((await this.db.variantSync.updateMany({ where, data: fields })).count > 0) continue;
      try {
        await this.db.variantSync.create({ data: { ...where, ...fields } });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        await this.db.variantSync.updateMany({ where, data: fields });
      }
    }
  }

  async syncedVariantIds(shop: ShopDomain): Promise<string[]> {
    const rows = await this.db.variantSync.findMany({ where: { shop }, select: { variantId: true } });
    return rows.map((r) => r.variantId).sort(compareIds);
  }

  // ---- line promises

  async linePromises(shop: ShopDomain, lineItemIds: string[]): Promise<LinePromiseRecord[]> {
    const result: LinePromiseRecord[] = [];
    for (const chunk of chunks([...new Set(lineItemIds)], 500)) {
      const rows = await this.db.linePromise.findMany({ where: { shop, lineItemId: { in: chunk } } });
      for (const r of rows) {
        result.push({
          lineItemId: r.lineItemId,
          promised: parseEta(r.promised),
          promisedAt: r.promisedAt,
          current: parseEta(r.current),
          agreed: r.agreed === null ? null : parseEta(r.agreed),
        });
      }
    }
    return result;
  }

  async agreeToEta(shop: ShopDomain, lineItemId: string, eta: Eta): Promise<boolean> {
    const { count } = await this.db.linePromise.updateMany({
      where: { shop, lineItemId },
      data: { agreed: JSON.stringify(eta) },
    });
    return count > 0;
  }

  async savePromiseChanges(shop: ShopDomain, changes: PromiseChanges): Promise<void> {
    // Which promises exist is read before the transaction, so its first statement is a write: on SQLite a
    // transaction that reads and then writes fails against a concurrent writer instead of waiting for it. If another
    // sync creates one of these promises in between, the insert hits the primary key, the whole batch rolls back, and
    // the retry finds the winner's promise and keeps it.
    for (let attempt = 0; ; attempt++) {
      const existing = new Set(
        (
          await this.linePromises(
            shop,
            changes.created.map((c) => c.lineItemId),
          )
        ).map((p) => p.lineItemId),
      );
      const fresh = new Map(
        changes.created.filter((c) => !existing.has(c.lineItemId)).map((c) => [c.lineItemId, c]),
      );
      try {
        await this.db.$transaction([
          this.db.linePromise.createMany({
            data: [...fresh.values()].map((c) => ({
              shop,
              lineItemId: c.lineItemId,
              promised: JSON.stringify(c.promised),
              promisedAt: c.promisedAt,
              current: JSON.stringify(c.promised),
            })),
          }),
          ...changes.revised.map((r) =>
            this.db.linePromise.updateMany({
              where: { shop, lineItemId: r.lineItemId },
              data: { current: JSON.stringify(r.current) },
            }),
          ),
          this.db.etaSlip.createMany({
            data: changes.slips.map((s) => ({
              shop,
              lineItemId: s.lineItemId,
              promised: JSON.stringify(s.promised),
              revised: JSON.stringify(s.revised),
              detectedAt: s.detectedAt,
            })),
          }),
        ]);
        return;
      } catch (e) {
        if (!isUniqueViolation(e) || attempt >= 2) throw e;
      }
    }
  }

  async listSlips(
    shop: ShopDomain,
    filter: { lineItemId?: string; unnotified?: boolean; limit: number },
  ): Promise<EtaSlipRecord[]> {
    const rows = await this.db.etaSlip.findMany({
      where: {
        shop,
        ...(filter.lineItemId !== undefined ? { lineItemId: filter.lineItemId } : {}),
        ...(filter.unnotified ? { notifiedAt: null } : {}),
      },
      orderBy: [{ detectedAt: "desc" }, { id: "desc" }],
      take: filter.limit,
    });
    return rows.map((r) => ({
      id: r.id,
      lineItemId: r.lineItemId,
      promised: parseEta(r.promised),
      revised: parseEta(r.revised),
      detectedAt: r.detectedAt,
      notifiedAt: r.notifiedAt,
    }));
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

function productData(p: MirroredProduct) {
  return {
    title: p.title,
    handle: p.handle,
    vendor: p.vendor,
    productType: p.productType,
    tags: JSON.stringify(p.tags),
    collectionIds: JSON.stringify(p.collectionIds),
    variants: JSON.stringify(p.variants),
    asOf: p.asOf,
  };
}

function toProduct(row: ProductMirror): MirroredProduct {
  return {
    productId: storedGid("Product", row.productId),
    title: row.title,
    handle: row.handle,
    vendor: row.vendor,
    productType: row.productType,
    tags: JSON.parse(row.tags) as string[],
    collectionIds: storedGids("Collection", JSON.parse(row.collectionIds) as string[]),
    variants: JSON.parse(row.variants) as MirroredVariant[],
    asOf: row.asOf,
  };
}

function toPolicy(value: string | null): InventoryPolicy | null {
  return value === "CONTINUE" || value === "DENY" ? value : null;
}

/** Our own writes: JSON of a domain Eta. */
function parseEta(text: string): Eta {
  return JSON.parse(text) as Eta;
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
