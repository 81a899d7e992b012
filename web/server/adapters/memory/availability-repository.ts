import type { SellingRule, RuleScope } from "../../domain/selling-rules/index.js";
import { isCalendarDate, latestDate, type Eta } from "../../domain/eta/index.js";
import type { ProductVariantGid } from "../../domain/shared/gid.js";
import type { BackorderRepository } from "../../use-cases/backorder/ports.js";
import { InvalidValueError } from "../../domain/shared/errors.js";
import { ConflictError } from "../../errors.js";
import type { ShopDomain } from "../../use-cases/ports.js";
import type {
  EtaSlipRecord,
  LinePromiseRecord,
  MirroredProduct,
  PromiseChanges,
  AvailabilityRepository,
  SellingRuleInput,
  SubstituteChoices,
  SupplierEtaRecord,
  SupplierImportRecord,
  VariantSyncRecord,
  VariantSyncUpdate,
} from "../../use-cases/availability/ports.js";
import { canonicalScope, scopeColumns } from "../../use-cases/availability/rule-scope.js";

const INT32_MAX = 2_147_483_647;

interface StoredRule {
  shop: ShopDomain;
  rule: SellingRule;
}

/**
 * The availability storage in Maps, for use-case and HTTP tests. Every method does its reads and writes without an
 * `await` in between, so each is atomic like the Prisma transactions it stands in for. Values go in and out as
 * copies: a caller mutating what it got never changes what is stored.
 */
export class MemoryAvailabilityRepository implements AvailabilityRepository {
  private readonly rules = new Map<string, StoredRule>();
  private readonly products = new Map<string, MirroredProduct>();
  private readonly imports: (SupplierImportRecord & { shop: ShopDomain })[] = [];
  private etas: (SupplierEtaRecord & { shop: ShopDomain })[] = [];
  private readonly choices = new Map<string, SubstituteChoices>();
  private readonly syncs = new Map<string, VariantSyncRecord & { shop: ShopDomain }>();
  private readonly promises = new Map<string, LinePromiseRecord>();
  private slips: (EtaSlipRecord & { shop: ShopDomain })[] = [];
  private seq = 0;

  /** `lines`: the backorder lines whose promised day (the list's sort) follows the promises, as in Prisma. */
  constructor(private readonly lines?: Pick<BackorderRepository, "setPromisedDays">) {}

  // ---- rules

  async listRules(shop: ShopDomain): Promise<SellingRule[]> {
    return [...this.rules.values()]
      .filter((r) => r.shop === shop)
      .map((r) => structuredClone(r.rule))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async getRule(shop: ShopDomain, id: string): Promise<SellingRule | null> {
    const row = this.rules.get(id);
    return row && row.shop === shop ? structuredClone(row.rule) : null;
  }

  async createRule(shop: ShopDomain, input: SellingRuleInput, at: Date): Promise<SellingRule> {
    this.assertScopeFree(shop, input.scope, null);
    const rule: SellingRule = {
      id: `rule_${String(++this.seq).padStart(8, "0")}`,
      scope: canonicalScope(input.scope),
      priority: input.priority,
      updatedAt: at.toISOString(),
      settings: structuredClone(input.settings),
    };
    this.rules.set(rule.id, { shop, rule });
    return structuredClone(rule);
  }

  async updateRule(
    shop: ShopDomain,
    id: string,
    input: SellingRuleInput,
    at: Date,
  ): Promise<SellingRule | null> {
    const row = this.rules.get(id);
    if (!row || row.shop !== shop) return null;
    this.assertScopeFree(shop, input.scope, id);
    row.rule = {
      id,
      scope: canonicalScope(input.scope),
      priority: input.priority,
      updatedAt: at.toISOString(),
      settings: structuredClone(input.settings),
    };
    return structuredClone(row.rule);
  }

  async deleteRule(shop: ShopDomain, id: string): Promise<boolean> {
    const row = this.rules.get(id);
    if (!row || row.shop !== shop) return false;
    return this.rules.delete(id);
  }

  async importRules(
    shop: ShopDomain,
    inputs: SellingRuleInput[],
    at: Date,
  ): Promise<{ created: number; updated: number }> {
    let created = 0;
    let updated = 0;
    for (const input of inputs) {
      const key = scopeKey(input.scope);
      const row = [...this.rules.values()].find((r) => r.shop === shop && scopeKey(r.rule.scope) === key);
      const rule: SellingRule = {
        id: row?.rule.id ?? `rule_${String(++this.seq).padStart(8, "0")}`,
        scope: canonicalScope(input.scope),
        priority: input.priority,
        updatedAt: at.toISOString(),
        settings: structuredClone(input.settings),
      };
      this.rules.set(rule.id, { shop, rule });
      if (row) updated++;
      else created++;
    }
    return { created, updated };
  }

  async shopsToSync(): Promise<ShopDomain[]> {
    const shops = new Set<ShopDomain>();
    for (const r of this.rules.values()) shops.add(r.shop);
    for (const s of this.syncs.values()) shops.add(s.shop);
    return [...shops].sort();
  }

  private assertScopeFree(shop: ShopDomain, scope: RuleScope, except: string | null): void {
    const key = scopeKey(scope);
    for (const row of this.rules.values()) {
      if (row.shop === shop && row.rule.id !== except && scopeKey(row.rule.scope) === key) {
        throw new ConflictError(`A rule for this scope already exists (${row.rule.id})`, {
          ruleId: row.rule.id,
        });
      }
    }
  }

  // ---- catalog mirror

  async upsertProducts(shop: ShopDomain, products: MirroredProduct[]): Promise<void> {
    for (const product of products) {
      const key = `${shop}|${product.productId}`;
      const stored = this.products.get(key);
      if (stored && stored.asOf.getTime() > product.asOf.getTime()) continue;
      this.products.set(key, structuredClone(product));
    }
  }

  async getProducts(shop: ShopDomain, productIds: string[]): Promise<MirroredProduct[]> {
    const wanted = new Set(productIds);
    return (await this.listProducts(shop)).filter((p) => wanted.has(p.productId));
  }

  async productsOfInventoryItems(shop: ShopDomain, inventoryItemIds: string[]): Promise<MirroredProduct[]> {
    const wanted = new Set(inventoryItemIds);
    return (await this.listProducts(shop)).filter((p) =>
      p.variants.some((v) => wanted.has(v.inventoryItemId)),
    );
  }

  async listProducts(shop: ShopDomain): Promise<MirroredProduct[]> {
    return [...this.products.entries()]
      .filter(([key]) => key.startsWith(`${shop}|`))
      .map(([, p]) => structuredClone(p))
      .sort((a, b) => compareIds(a.productId, b.productId));
  }

  async deleteProductsOlderThan(shop: ShopDomain, asOf: Date): Promise<number> {
    let count = 0;
    for (const [key, product] of this.products) {
      if (key.startsWith(`${shop}|`) && product.asOf.getTime() < asOf.getTime()) {
        this.products.delete(key);
        count++;
      }
    }
    return count;
  }

  // ---- supplier feed

  async recordSupplierImport(
    shop: ShopDomain,
    input: {
      filename: string | null;
      rows: number;
      etas: {
        variantId: ProductVariantGid;
        expectedOn: SupplierEtaRecord["expectedOn"];
        quantity: number | null;
      }[];
    },
    at: Date,
  ): Promise<SupplierImportRecord> {
    // What the database columns refuse (a 32-bit INT), refused here too, before anything is written.
    input.etas.forEach((eta, i) => {
      if (typeof eta.variantId !== "string" || !isCalendarDate(eta.expectedOn)) {
        throw new InvalidValueError(`etas[${i}]`, "expected a variant id and a date");
      }
      if (
        eta.quantity !== null &&
        (!Number.isSafeInteger(eta.quantity) || Math.abs(eta.quantity) > INT32_MAX)
      ) {
        throw new InvalidValueError(`etas[${i}].quantity`, `${eta.quantity} is not a 32-bit integer`);
      }
    });
    const record: SupplierImportRecord = {
      id: `import_${String(++this.seq).padStart(8, "0")}`,
      filename: input.filename,
      rows: input.rows,
      createdAt: new Date(at),
    };
    const named = new Set(input.etas.map((e) => e.variantId));
    this.etas = this.etas.filter((e) => e.shop !== shop || !named.has(e.variantId));
    for (const eta of input.etas) this.etas.push({ shop, ...eta, importId: record.id });
    this.imports.push({ shop, ...record });
    return structuredClone(record);
  }

  async listSupplierImports(shop: ShopDomain, limit: number): Promise<SupplierImportRecord[]> {
    return this.imports
      .filter((i) => i.shop === shop)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .slice(0, limit)
      .map(({ shop: _shop, ...record }) => structuredClone(record));
  }

  async supplierEtas(shop: ShopDomain, variantIds: string[]): Promise<SupplierEtaRecord[]> {
    const wanted = new Set(variantIds);
    return this.etas
      .filter((e) => e.shop === shop && wanted.has(e.variantId))
      .map(({ shop: _shop, ...eta }) => ({ ...eta }))
      .sort((a, b) => compareIds(a.variantId, b.variantId) || (a.expectedOn < b.expectedOn ? -1 : 1));
  }

  // ---- substitutes

  async substituteChoices(shop: ShopDomain, variantIds: string[]): Promise<Map<string, SubstituteChoices>> {
    const result = new Map<string, SubstituteChoices>();
    for (const id of variantIds) {
      const choices = this.choices.get(`${shop}|${id}`);
      if (choices) result.set(id, structuredClone(choices));
    }
    return result;
  }

  async setSubstituteChoices(
    shop: ShopDomain,
    variantId: string,
    choices: SubstituteChoices,
    _at: Date,
  ): Promise<void> {
    const excludedVariantIds = [...new Set(choices.excludedVariantIds)].sort(compareIds);
    const excludedProductIds = [...new Set(choices.excludedProductIds)].sort(compareIds);
    // A "never suggest" is the stronger wish: an id both picked and excluded stays excluded.
    const picks = [...new Set(choices.picks)].filter((id) => !excludedVariantIds.includes(id));
    if (picks.length + excludedVariantIds.length + excludedProductIds.length === 0) {
      this.choices.delete(`${shop}|${variantId}`);
    } else {
      this.choices.set(`${shop}|${variantId}`, { picks, excludedVariantIds, excludedProductIds });
    }
  }

  // ---- storefront sync state

  async variantSyncs(shop: ShopDomain, variantIds: string[]): Promise<VariantSyncRecord[]> {
    return variantIds.flatMap((id) => {
      const row = this.syncs.get(`${shop}|${id}`);
      if (!row) return [];
      const { shop: _shop, ...record } = row;
      return [structuredClone(record)];
    });
  }

  async saveVariantSyncs(shop: ShopDomain, updates: VariantSyncUpdate[]): Promise<void> {
    const now = new Date();
    for (const update of updates) {
      const key = `${shop}|${update.variantId}`;
      const existing = this.syncs.get(key);
      this.syncs.set(key, {
        shop,
        variantId: update.variantId,
        productId: update.productId,
        availability: update.availability ?? existing?.availability ?? null,
        policy: update.policy ?? existing?.policy ?? null,
        updatedAt: now,
      });
    }
  }

  async syncedVariantIds(shop: ShopDomain): Promise<string[]> {
    return [...this.syncs.values()]
      .filter((s) => s.shop === shop)
      .map((s) => s.variantId)
      .sort(compareIds);
  }

  // ---- line promises

  async linePromises(shop: ShopDomain, lineItemIds: string[]): Promise<LinePromiseRecord[]> {
    return lineItemIds.flatMap((id) => {
      const row = this.promises.get(`${shop}|${id}`);
      return row ? [structuredClone(row)] : [];
    });
  }

  async agreeToEta(shop: ShopDomain, lineItemId: string, eta: Eta): Promise<boolean> {
    const row = this.promises.get(`${shop}|${lineItemId}`);
    if (!row) return false;
    row.agreed = structuredClone(eta);
    await this.lines?.setPromisedDays(shop, [{ lineItemId, day: latestDate(eta) }]);
    return true;
  }

  async savePromiseChanges(shop: ShopDomain, changes: PromiseChanges): Promise<void> {
    const days: { lineItemId: string; day: string | null }[] = [];
    for (const c of changes.created) {
      const key = `${shop}|${c.lineItemId}`;
      if (this.promises.has(key)) continue;
      days.push({ lineItemId: c.lineItemId, day: latestDate(c.promised) });
      this.promises.set(key, {
        lineItemId: c.lineItemId,
        promised: structuredClone(c.promised),
        promisedAt: new Date(c.promisedAt),
        current: structuredClone(c.promised),
        agreed: null,
      });
    }
    for (const r of changes.revised) {
      const row = this.promises.get(`${shop}|${r.lineItemId}`);
      if (row) row.current = structuredClone(r.current);
    }
    for (const s of changes.slips) {
      this.slips.push({
        shop,
        id: `slip_${String(++this.seq).padStart(8, "0")}`,
        lineItemId: s.lineItemId,
        promised: structuredClone(s.promised),
        revised: structuredClone(s.revised),
        detectedAt: new Date(s.detectedAt),
        notifiedAt: null,
      });
    }
    if (days.length > 0) await this.lines?.setPromisedDays(shop, days);
  }

  async listSlips(
    shop: ShopDomain,
    filter: { lineItemId?: string; unnotified?: boolean; limit: number },
  ): Promise<EtaSlipRecord[]> {
    return this.slips
      .filter(
        (s) =>
          s.shop === shop &&
          (filter.lineItemId === undefined || s.lineItemId === filter.lineItemId) &&
          (!filter.unnotified || s.notifiedAt === null),
      )
      .sort((a, b) => b.detectedAt.getTime() - a.detectedAt.getTime() || (a.id < b.id ? 1 : -1))
      .slice(0, filter.limit)
      .map(({ shop: _shop, ...slip }) => structuredClone(slip));
  }

  async deleteByShop(shop: ShopDomain): Promise<void> {
    const prefix = `${shop}|`;
    for (const [id, row] of this.rules) if (row.shop === shop) this.rules.delete(id);
    for (const map of [this.products, this.choices, this.syncs, this.promises] as Map<string, unknown>[]) {
      for (const key of [...map.keys()]) if (key.startsWith(prefix)) map.delete(key);
    }
    for (let i = this.imports.length - 1; i >= 0; i--)
      if (this.imports[i]?.shop === shop) this.imports.splice(i, 1);
    this.etas = this.etas.filter((e) => e.shop !== shop);
    this.slips = this.slips.filter((s) => s.shop !== shop);
  }
}

function scopeKey(scope: RuleScope): string {
  const { scopeKind, scopeValue } = scopeColumns(scope);
  return `${scopeKind}:${scopeValue}`;
}

/** GIDs of one resource in numeric order (shorter first), other strings as strings. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
