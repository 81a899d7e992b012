import type { ProductPolicyUpdate } from "../../domain/selling-rules/index.js";
import type { MetafieldsSetInput } from "../../domain/storefront/index.js";
import { ShopifyUserError } from "../../errors.js";
import type { ShopDomain } from "../../use-cases/ports.js";
import type {
  LiveVariant,
  MirroredProduct,
  AvailabilityShopify,
} from "../../use-cases/availability/ports.js";

type Product = Omit<MirroredProduct, "asOf">;

interface ShopState {
  timeZone: string;
  products: Product[];
  incoming: Map<string, { expectedAt: string | null; quantity: number }[]>;
  metafields: Map<string, string>;
}

/**
 * Shopify as the availability use cases see it, in memory: a catalog per shop with stock, incoming stock and policies;
 * writes land in that state and every call is logged, so tests can count Admin API calls. `refuse` makes the next
 * policy update of a product answer with userErrors.
 */
export class MemoryAvailabilityShopify implements AvailabilityShopify {
  private readonly shops = new Map<ShopDomain, ShopState>();
  readonly calls: { op: string; shop: ShopDomain; detail: unknown }[] = [];
  readonly refuse = new Set<string>();
  /** Page size of readCatalogPage, small so paging is exercised. */
  pageSize = 2;

  seed(shop: ShopDomain, products: Product[], timeZone = "UTC"): void {
    this.shops.set(shop, {
      timeZone,
      products: structuredClone(products),
      incoming: new Map(),
      metafields: new Map(),
    });
  }

  variant(shop: ShopDomain, variantId: string) {
    const found = this.state(shop)
      .products.flatMap((p) => p.variants)
      .find((v) => v.variantId === variantId);
    if (!found) throw new Error(`no variant ${variantId} in ${shop}`);
    return found;
  }

  setStock(shop: ShopDomain, variantId: string, available: number): void {
    this.variant(shop, variantId).available = available;
  }

  setIncoming(
    shop: ShopDomain,
    variantId: string,
    batches: { expectedAt: string | null; quantity: number }[],
  ): void {
    this.state(shop).incoming.set(variantId, batches);
  }

  metafield(shop: ShopDomain, variantId: string): string | null {
    return this.state(shop).metafields.get(variantId) ?? null;
  }

  callsOf(op: string): { shop: ShopDomain; detail: unknown }[] {
    return this.calls.filter((c) => c.op === op);
  }

  async readTimeZone(shop: ShopDomain): Promise<string> {
    this.calls.push({ op: "readTimeZone", shop, detail: null });
    return this.state(shop).timeZone;
  }

  async readVariants(shop: ShopDomain, variantIds: string[]) {
    this.calls.push({ op: "readVariants", shop, detail: variantIds });
    const s = this.state(shop);
    const variants: LiveVariant[] = [];
    for (const product of s.products) {
      for (const v of product.variants) {
        if (!variantIds.includes(v.variantId)) continue;
        variants.push({
          variantId: v.variantId,
          productId: product.productId,
          inventoryPolicy: v.inventoryPolicy,
          tracked: v.tracked,
          available: v.available,
          incoming: structuredClone(s.incoming.get(v.variantId) ?? []),
        });
      }
    }
    return { timeZone: s.timeZone, variants };
  }

  async updateInventoryPolicies(shop: ShopDomain, update: ProductPolicyUpdate): Promise<void> {
    this.calls.push({ op: "updateInventoryPolicies", shop, detail: structuredClone(update) });
    if (this.refuse.delete(update.productId)) {
      throw new ShopifyUserError("WaitwellSetInventoryPolicies", [
        { field: ["productId"], message: "Product does not exist" },
      ]);
    }
    for (const v of update.variants) this.variant(shop, v.id).inventoryPolicy = v.inventoryPolicy;
  }

  async setMetafields(shop: ShopDomain, metafields: MetafieldsSetInput[]): Promise<void> {
    this.calls.push({ op: "setMetafields", shop, detail: structuredClone(metafields) });
    if (metafields.length > 25)
      throw new ShopifyUserError("WaitwellSetAvailabilityMetafields", [{ message: "too many" }]);
    for (const m of metafields) this.state(shop).metafields.set(m.ownerId, m.value);
  }

  async readCatalogPage(shop: ShopDomain, cursor: string | null) {
    this.calls.push({ op: "readCatalogPage", shop, detail: cursor });
    const products = this.state(shop).products;
    const start = cursor === null ? 0 : Number(cursor);
    const end = start + this.pageSize;
    return {
      products: structuredClone(products.slice(start, end)),
      nextCursor: end < products.length ? String(end) : null,
    };
  }

  async readProducts(shop: ShopDomain, productIds: string[]) {
    this.calls.push({ op: "readProducts", shop, detail: productIds });
    return structuredClone(this.state(shop).products.filter((p) => productIds.includes(p.productId)));
  }

  private state(shop: ShopDomain): ShopState {
    const s = this.shops.get(shop);
    if (!s) {
      const empty: ShopState = { timeZone: "UTC", products: [], incoming: new Map(), metafields: new Map() };
      this.shops.set(shop, empty);
      return empty;
    }
    return s;
  }
}
