/** Builders for the availability use-case and HTTP tests: a small Shopify catalog, a fixed clock, wired services. */
import { randomUUID } from "node:crypto";
import request from "supertest";
import { inlineFeedReader } from "../../web/server/adapters/csv/feed-reader.js";
import { MemorySupplierImportRuns } from "../../web/server/adapters/memory/supplier-import-runs.js";
import { parseRulesCsv } from "../../web/server/adapters/csv/rules.js";
import { createMemoryRepositories } from "../../web/server/adapters/memory/index.js";
import {
  createAppProxyVerifier,
  signAppProxyQuery,
} from "../../web/server/adapters/shopify/app-proxy-signature.js";
import { loadConfig } from "../../web/server/config.js";
import { createWiredApp, signJwt } from "../http/harness.js";
import { createMemoryLogger } from "../../web/server/adapters/logger.js";
import { MemoryAvailabilityRepository } from "../../web/server/adapters/memory/availability-repository.js";
import { MemoryAvailabilityShopify } from "../../web/server/adapters/memory/availability-shopify.js";
import type { SellingRuleSettings } from "../../web/server/domain/selling-rules/index.js";
import type { ProductGid, ProductVariantGid } from "../../web/server/domain/shared/gid.js";
import {
  DEFAULT_SHOP_SETTINGS,
  type Clock,
  type ShopDomain,
  type ShopRepository,
} from "../../web/server/use-cases/ports.js";
import { createAvailabilityServices } from "../../web/server/use-cases/availability/index.js";
import type { SupplierImportLimits } from "../../web/server/use-cases/availability/supplier-imports.js";
import type {
  MirroredProduct,
  MirroredVariant,
  FeedReaderFactory,
  WaitingLine,
} from "../../web/server/use-cases/availability/ports.js";

export const SHOP: ShopDomain = "shop-a.myshopify.com";
export const OTHER_SHOP: ShopDomain = "shop-b.myshopify.com";

export const pid = (n: number): ProductGid => `gid://shopify/Product/${n}`;
export const vid = (n: number): ProductVariantGid => `gid://shopify/ProductVariant/${n}`;

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

export const SETTINGS: SellingRuleSettings = {
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

export function createAvailabilityWorld(
  options: {
    openReader?: FeedReaderFactory;
    feedLimits?: Partial<SupplierImportLimits>;
    shops?: Pick<ShopRepository, "get">;
    clock?: FixedClock;
  } = {},
) {
  const clock = options.clock ?? new FixedClock();
  const logger = createMemoryLogger();
  const repository = new MemoryAvailabilityRepository();
  const shopify = new MemoryAvailabilityShopify();
  shopify.seed(SHOP, demoCatalog());
  const waitingLines = new FakeWaitingLines();
  const requested: { shop: ShopDomain; variantIds: string[] | "all" }[] = [];
  const installed = new Set<string>([SHOP]);
  const runs = new MemorySupplierImportRuns();
  /** Orders the slips name (orderId → name and customer), as the engine would know them. */
  const orders = new Map<
    string,
    { name: string; customerName: string | null; customerEmail: string | null }
  >();
  const services = createAvailabilityServices({
    repository,
    shopify,
    shops: options.shops ?? {
      get: async (domain) =>
        installed.has(domain)
          ? {
              domain,
              name: null,
              scopes: null,
              settings: DEFAULT_SHOP_SETTINGS,
              installedAt: clock.now(),
              uninstalledAt: null,
            }
          : null,
    },
    feeds: {
      runs,
      openReader: options.openReader ?? inlineFeedReader,
      limits: { ...FEED_LIMITS, ...options.feedLimits },
      orders: async (_shop, ids) =>
        new Map(ids.flatMap((id) => (orders.has(id) ? [[id, orders.get(id)!] as const] : []))),
    },
    parseRulesCsv,
    clock,
    logger,
    requestSync: (shop, variantIds) => void requested.push({ shop, variantIds }),
    waitingLines,
  });
  /** A one-request import (create, upload, wait), as `POST /api/etas/import` does it. */
  async function importCsv(csv: string, options: { filename?: string; dryRun?: boolean } = {}) {
    const imports = services.supplierImports;
    const run = await imports.create(SHOP, {
      filename: options.filename ?? null,
      dryRun: options.dryRun ?? false,
    });
    await imports.upload(SHOP, run.id, [csv]);
    return imports.finished(SHOP, run.id);
  }
  return {
    clock,
    logger,
    repository,
    shopify,
    waitingLines,
    requested,
    installed,
    services,
    runs,
    orders,
    importCsv,
  };
}

/** The defaults of config.ts (FEED_*). */
export const FEED_LIMITS: SupplierImportLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxRows: 50_000,
  maxColumns: 50,
  maxReportedErrors: 100,
  maxInFlight: 1,
};

export type AvailabilityWorld = ReturnType<typeof createAvailabilityWorld>;

/** The HTTP app as main.ts wires it, with the availability services over memory storage and the fake Shopify. */
export function createAvailabilityApp(
  env: Record<string, string> = {},
  options: { openReader?: FeedReaderFactory } = {},
) {
  const config = loadConfig({ WAITWELL_MODE: "local", ...env });
  const clock = new FixedClock();
  const logger = createMemoryLogger();
  const repositories = createMemoryRepositories({ clock });
  const world = createAvailabilityWorld({
    shops: repositories.shops,
    clock,
    feedLimits: config.feeds,
    ...options,
  });
  const app = createWiredApp(config, {
    repositories,
    clock,
    logger,
    availability: {
      services: world.services,
      verifyAppProxy: createAppProxyVerifier({ apiSecret: config.shopify.apiSecret, clock }),
    },
  });

  /** A session token as App Bridge gets it (signed with the app secret; the library checks it on wall-clock time). */
  function sessionToken(shop: ShopDomain): string {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(
      {
        iss: `https://${shop}/admin`,
        dest: `https://${shop}`,
        aud: config.shopify.apiKey,
        sub: "42",
        exp: now + 60,
        nbf: now,
        iat: now,
        jti: randomUUID(),
        sid: "session-1",
      },
      config.shopify.apiSecret,
    );
  }

  const authed = (req: request.Test, shop: ShopDomain) =>
    req.set("Authorization", `Bearer ${sessionToken(shop)}`);

  return {
    ...world,
    app,
    config,
    repositories,
    get: (path: string, shop: ShopDomain = SHOP) => authed(request(app).get(path), shop),
    post: (path: string, shop: ShopDomain = SHOP) => authed(request(app).post(path), shop),
    put: (path: string, shop: ShopDomain = SHOP) => authed(request(app).put(path), shop),
    patch: (path: string, shop: ShopDomain = SHOP) => authed(request(app).patch(path), shop),
    delete: (path: string, shop: ShopDomain = SHOP) => authed(request(app).delete(path), shop),

    /** A storefront request as Shopify forwards it through the app proxy, signed with the app secret. */
    proxy(
      params: Record<string, string>,
      options: { shop?: ShopDomain; sign?: (q: URLSearchParams) => void } = {},
    ) {
      const query = new URLSearchParams({
        shop: options.shop ?? SHOP,
        logged_in_customer_id: "",
        path_prefix: "/apps/waitwell",
        timestamp: String(Math.floor(clock.now().getTime() / 1000)),
        ...params,
      });
      query.set("signature", signAppProxyQuery(query, config.shopify.apiSecret));
      options.sign?.(query);
      return request(app).get(`/apps/waitwell/availability?${query.toString()}`);
    },
  };
}

export type AvailabilityApp = ReturnType<typeof createAvailabilityApp>;
