/** Builders for the promise use-case and HTTP tests: a small Shopify catalog, a fixed clock, wired services. */
import { createMemoryLogger } from "../../web/server/adapters/logger.js";
import { MemoryPromiseRepository } from "../../web/server/adapters/memory/promise-repository.js";
import { MemoryPromiseShopify } from "../../web/server/adapters/memory/promise-shopify.js";
import type { RuleSettings } from "../../web/server/domain/rules/index.js";
import type { Clock, ShopDomain } from "../../web/server/use-cases/ports.js";
import { createPromiseServices } from "../../web/server/use-cases/promises/index.js";
import type { MirroredProduct, MirroredVariant, SupplierFeedParser, WaitingLine } from "../../web/server/use-cases/promises/ports.js";

export const SHOP = "shop-a.myshopify.com";
export const OTHER_SHOP = "shop-b.myshopify.com";

export const pid = (n: number) => `gid://shopify/Product/${n}`;
export const vid = (n: number) => `gid://shopify/ProductVariant/${n}`;

export class FixedClock implements Clock {
  constructor(private ms = Date.parse("2026-11-24T12:00:00Z")) {}
  now(): Date {
    return new Date(this.ms);
  }
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export function variant(n: number, extra: Partial<MirroredVariant> = {}): MirroredVariant {
  return {
    variantId: vid(n),
    title: `Variant ${n}`,
    sku: `SKU-${n}`,
    barcode: null,
    price: "100.00",
    inventoryPolicy: "DENY",
    inventoryItemId: `gid://shopify/InventoryItem/${n}`,
    tracked: true,
    available: 5,
    options: [{ name: "Size", value: String(n) }],
    ...extra,
  };
}

export function product(
  n: number,
  variants: MirroredVariant[],
  extra: Partial<Omit<MirroredProduct, "asOf">> = {},
): Omit<MirroredProduct, "asOf"> {
  return {
    productId: pid(n),
    title: `Product ${n}`,
    handle: `product-${n}`,
    vendor: "Ridgeway",
    productType: "Footwear",
    tags: ["boots"],
    collectionIds: [],
    variants,
    ...extra,
  };
}

/** Boots (variants 11, 12, 13), shoes (21) of the same type, and an unrelated mug (31). */
export function demoCatalog(): Omit<MirroredProduct, "asOf">[] {
  return [
    product(1, [variant(11), variant(12), variant(13, { price: "110.00" })], { title: "Trail Boot" }),
    product(2, [variant(21, { price: "95.00", available: 10 })], { title: "Hiking Shoe" }),
    product(3, [variant(31, { price: "12.00" })], {
      title: "Mug",
      productType: "Kitchen",
      vendor: "Acme",
      tags: [],
    }),
  ];
}

export const SETTINGS: RuleSettings = {
  mode: "when_out_of_stock",
  cap: null,
  etaSource: { kind: "incoming" },
  handlingDays: 1,
  maxLeadTimeDays: null,
  requireEta: false,
};

/** Waiting lines handed to the services as the engine would. */
export class FakeWaitingLines {
  lines: WaitingLine[] = [];
  async waitingLines(_shop: ShopDomain, variantIds: string[]): Promise<WaitingLine[]> {
    return this.lines.filter((l) => variantIds.includes(l.variantId));
  }
}

/** "sku,eta,quantity" CSV without quoting: enough for use-case tests (the real parser has its own tests). */
export const simpleCsv: SupplierFeedParser = (text) => {
  const [header, ...lines] = text.trim().split("\n");
  const names = (header ?? "").split(",");
  return {
    firstRow: 2,
    rows: lines.map((line) => {
      const cells = line.split(",");
      const get = (name: string) => {
        const i = names.indexOf(name);
        return i === -1 ? undefined : (cells[i] ?? "");
      };
      const sku = get("sku");
      const barcode = get("barcode");
      const quantity = get("quantity");
      return {
        eta: get("eta") ?? "",
        ...(sku !== undefined ? { sku } : {}),
        ...(barcode !== undefined ? { barcode } : {}),
        ...(quantity !== undefined ? { quantity } : {}),
      };
    }),
  };
};

export function promiseWorld(options: { parse?: SupplierFeedParser } = {}) {
  const clock = new FixedClock();
  const logger = createMemoryLogger();
  const repository = new MemoryPromiseRepository();
  const shopify = new MemoryPromiseShopify();
  shopify.seed(SHOP, demoCatalog());
  const waitingLines = new FakeWaitingLines();
  const requested: { shop: ShopDomain; variantIds: string[] | "all" }[] = [];
  const installed = new Set<string>([SHOP]);
  const services = createPromiseServices({
    repository,
    shopify,
    shops: {
      get: async (domain) =>
        installed.has(domain)
          ? { domain, name: null, scopes: null, settings: { backorderTag: "backorder", shipTogether: false }, installedAt: clock.now(), uninstalledAt: null }
          : null,
    },
    parseSupplierFeed: options.parse ?? simpleCsv,
    clock,
    logger,
    requestSync: (shop, variantIds) => void requested.push({ shop, variantIds }),
    waitingLines,
  });
  return { clock, logger, repository, shopify, waitingLines, requested, installed, services };
}

export type PromiseWorld = ReturnType<typeof promiseWorld>;
