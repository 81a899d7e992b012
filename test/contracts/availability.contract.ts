/**
 * The AvailabilityRepository contract: what the use cases rely on, run against memory, SQLite and PostgreSQL
 * (availability-repository.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CalendarDate, Eta } from "../../web/server/domain/eta/index.js";
import type { SellingRuleSettings } from "../../web/server/domain/selling-rules/index.js";
import type { ProductVariantGid } from "../../web/server/domain/shared/gid.js";
import type { ShopDomain } from "../../web/server/domain/shared/shop-domain.js";
import { ConflictError } from "../../web/server/errors.js";
import type {
  MirroredProduct,
  AvailabilityRepository,
  SellingRuleInput,
} from "../../web/server/use-cases/availability/ports.js";
import { SHOP_A, SHOP_B } from "./harness.js";

export interface AvailabilityStore {
  repo: AvailabilityRepository;
  cleanup(): Promise<void>;
}

export type AvailabilityStoreFactory = () => Promise<AvailabilityStore>;

const T1 = new Date(Date.UTC(2026, 10, 1, 9, 0, 0, 111));
const T2 = new Date(Date.UTC(2026, 10, 2, 9, 0, 0, 222));
const T3 = new Date(Date.UTC(2026, 10, 3, 9, 0, 0, 333));

const d = (s: string) => s as CalendarDate;
const vid = (n: number) => `gid://shopify/ProductVariant/${n}` as ProductVariantGid;

const SETTINGS: SellingRuleSettings = {
  mode: "when_out_of_stock",
  cap: 20,
  etaSource: { kind: "lead_time", minBusinessDays: 3, maxBusinessDays: 5 },
  handlingDays: 1,
  maxLeadTimeDays: 30,
  requireEta: true,
};

const rule = (scope: SellingRuleInput["scope"], extra: Partial<SellingRuleInput> = {}): SellingRuleInput => ({
  scope,
  priority: 0,
  settings: SETTINGS,
  ...extra,
});

function product(n: number, asOf: Date, extra: Partial<MirroredProduct> = {}): MirroredProduct {
  return {
    productId: `gid://shopify/Product/${n}`,
    title: `Product ${n}`,
    handle: `product-${n}`,
    vendor: "Acme",
    productType: "Mug",
    tags: ["Sale", "Mugs"],
    collectionIds: ["gid://shopify/Collection/100"],
    variants: [
      {
        variantId: vid(n * 10 + 1),
        title: "Blue / M",
        sku: `SKU-${n}`,
        barcode: "0840000000081",
        price: "12.50",
        inventoryPolicy: "DENY",
        inventoryItemId: `gid://shopify/InventoryItem/${n * 10 + 1}`,
        tracked: true,
        available: -3,
        options: [{ name: "Colour", value: "Blue" }],
      },
    ],
    asOf,
    ...extra,
  };
}

const ETA_A: Eta = { kind: "date", date: d("2026-12-04"), source: "incoming" };
const ETA_B: Eta = { kind: "range", from: d("2026-12-10"), to: d("2026-12-14"), source: "supplier_feed" };
const UNKNOWN: Eta = { kind: "unknown", reason: "beyond_schedule" };

export function availabilityRepositoryContract(factory: AvailabilityStoreFactory): void {
  describe("AvailabilityRepository", () => {
    let store: AvailabilityStore | undefined;
    beforeEach(async () => {
      store = await factory();
    });
    afterEach(async () => {
      await store?.cleanup();
      store = undefined;
    });
    const repo = () => {
      if (!store) throw new Error("no store");
      return store.repo;
    };

    describe("rules", () => {
      it("creates, reads, updates and deletes a rule, scoped to its shop", async () => {
        const created = await repo().createRule(SHOP_A, rule({ kind: "vendor", vendor: "Acme" }), T1);
        expect(created).toEqual({
          id: expect.any(String),
          scope: { kind: "vendor", vendor: "acme" },
          priority: 0,
          updatedAt: T1.toISOString(),
          settings: SETTINGS,
        });
        expect(await repo().getRule(SHOP_A, created.id)).toEqual(created);
        expect(await repo().getRule(SHOP_B, created.id)).toBeNull();
        expect(await repo().listRules(SHOP_B)).toEqual([]);

        const settings: SellingRuleSettings = {
          ...SETTINGS,
          mode: "always",
          etaSource: { kind: "incoming" },
        };
        expect(
          await repo().updateRule(SHOP_B, created.id, rule({ kind: "shop" }, { settings }), T2),
        ).toBeNull();
        const updated = await repo().updateRule(
          SHOP_A,
          created.id,
          rule({ kind: "tag", tag: " Pre-Order " }, { settings, priority: 3 }),
          T2,
        );
        expect(updated).toEqual({
          id: created.id,
          scope: { kind: "tag", tag: "pre-order" },
          priority: 3,
          updatedAt: T2.toISOString(),
          settings,
        });
        expect(await repo().listRules(SHOP_A)).toEqual([updated]);

        expect(await repo().deleteRule(SHOP_B, created.id)).toBe(false);
        expect(await repo().deleteRule(SHOP_A, created.id)).toBe(true);
        expect(await repo().deleteRule(SHOP_A, created.id)).toBe(false);
        expect(await repo().listRules(SHOP_A)).toEqual([]);
      });

      it("keeps one rule per shop and scope (tags and vendors case-insensitively); other shops are free", async () => {
        const first = await repo().createRule(SHOP_A, rule({ kind: "tag", tag: "Sale" }), T1);
        await expect(repo().createRule(SHOP_A, rule({ kind: "tag", tag: " sale" }), T2)).rejects.toThrow(
          ConflictError,
        );
        await repo().createRule(SHOP_B, rule({ kind: "tag", tag: "sale" }), T2);
        const shopDefault = await repo().createRule(SHOP_A, rule({ kind: "shop" }), T2);
        await expect(repo().createRule(SHOP_A, rule({ kind: "shop" }), T3)).rejects.toThrow(ConflictError);
        // Moving a rule onto a taken scope is refused too, and changes nothing.
        await expect(
          repo().updateRule(SHOP_A, shopDefault.id, rule({ kind: "tag", tag: "SALE" }), T3),
        ).rejects.toThrow(ConflictError);
        expect(await repo().getRule(SHOP_A, shopDefault.id)).toEqual(shopDefault);
        // A rule may be saved again on its own scope.
        expect(
          await repo().updateRule(SHOP_A, first.id, rule({ kind: "tag", tag: "Sale" }, { priority: 1 }), T3),
        ).toMatchObject({ priority: 1 });
        const all = await repo().listRules(SHOP_A);
        expect(all.map((r) => r.scope).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
          { kind: "shop" },
          { kind: "tag", tag: "sale" },
        ]);
      });

      it("round-trips every scope kind", async () => {
        const scopes: SellingRuleInput["scope"][] = [
          { kind: "variant", variantId: vid(1) },
          { kind: "product", productId: "gid://shopify/Product/2" as never },
          { kind: "collection", collectionId: "gid://shopify/Collection/3" as never },
          { kind: "tag", tag: "mugs" },
          { kind: "vendor", vendor: "acme" },
          { kind: "shop" },
        ];
        for (const scope of scopes) await repo().createRule(SHOP_A, rule(scope), T1);
        const stored = (await repo().listRules(SHOP_A)).map((r) => r.scope);
        expect(stored).toHaveLength(scopes.length);
        expect(stored).toEqual(expect.arrayContaining(scopes));
      });

      it("imports rules in one go: a scope the shop has is replaced in place, a new one is created", async () => {
        const existing = await repo().createRule(SHOP_A, rule({ kind: "tag", tag: "Sale" }), T1);
        await repo().createRule(SHOP_B, rule({ kind: "tag", tag: "sale" }), T1);
        const settings: SellingRuleSettings = { ...SETTINGS, mode: "always", cap: 7 };
        const counts = await repo().importRules(
          SHOP_A,
          [rule({ kind: "tag", tag: " SALE" }, { settings, priority: 2 }), rule({ kind: "shop" })],
          T2,
        );
        expect(counts).toEqual({ created: 1, updated: 1 });
        const rules = await repo().listRules(SHOP_A);
        expect(rules).toHaveLength(2);
        expect(rules.find((r) => r.scope.kind === "tag")).toEqual({
          id: existing.id,
          scope: { kind: "tag", tag: "sale" },
          priority: 2,
          updatedAt: T2.toISOString(),
          settings,
        });
        expect(rules.find((r) => r.scope.kind === "shop")).toMatchObject({ updatedAt: T2.toISOString() });
        // The other shop's rule of the same scope is untouched.
        expect((await repo().listRules(SHOP_B))[0]).toMatchObject({ updatedAt: T1.toISOString() });
      });

      it("lists the shops that have rules or synced variants", async () => {
        expect(await repo().shopsToSync()).toEqual([]);
        await repo().createRule(SHOP_B, rule({ kind: "shop" }), T1);
        await repo().saveVariantSyncs(SHOP_A, [
          { variantId: vid(1), productId: "gid://shopify/Product/1", policy: "DENY" },
        ]);
        expect(await repo().shopsToSync()).toEqual([SHOP_A, SHOP_B].sort());
      });
    });

    describe("catalog mirror", () => {
      it("stores products and never lets an older copy overwrite a newer one", async () => {
        await repo().upsertProducts(SHOP_A, [product(1, T2), product(2, T1)]);
        expect(await repo().listProducts(SHOP_A)).toEqual([product(1, T2), product(2, T1)]);
        await repo().upsertProducts(SHOP_A, [
          product(1, T1, { title: "stale" }),
          product(2, T3, { title: "fresh", tags: [] }),
        ]);
        const stored = await repo().listProducts(SHOP_A);
        expect(stored.map((p) => p.title)).toEqual(["Product 1", "fresh"]);
        expect(stored[1]).toEqual(product(2, T3, { title: "fresh", tags: [] }));
        expect(await repo().listProducts(SHOP_B)).toEqual([]);
      });

      it("takes a copy as old as the stored one, and of one product twice in a call the newest (the last of equals)", async () => {
        await repo().upsertProducts(SHOP_A, [product(1, T2), product(2, T2)]);
        await repo().upsertProducts(SHOP_A, [
          product(1, T2, { title: "same age" }),
          product(2, T3, { title: "newest" }),
          product(2, T1, { title: "older" }),
          product(2, T3, { title: "newest, later" }),
          product(3, T1, { title: "first" }),
          product(3, T1, { title: "second" }),
        ]);
        expect((await repo().listProducts(SHOP_A)).map((p) => [p.title, p.asOf])).toEqual([
          ["same age", T2],
          ["newest, later", T3],
          ["second", T1],
        ]);
      });

      it("reads single products and the products of one inventory item, never a neighbour's", async () => {
        await repo().upsertProducts(SHOP_A, [product(1, T1), product(2, T1), product(12, T1)]);
        await repo().upsertProducts(SHOP_B, [product(1, T1)]);
        expect(
          (await repo().getProducts(SHOP_A, ["gid://shopify/Product/2"])).map((p) => p.productId),
        ).toEqual(["gid://shopify/Product/2"]);
        expect(await repo().getProducts(SHOP_A, [])).toEqual([]);
        // Item 11 (product 1) must not match item 121 (product 12).
        expect(await repo().productsOfInventoryItems(SHOP_A, ["gid://shopify/InventoryItem/11"])).toEqual([
          product(1, T1),
        ]);
        expect(await repo().productsOfInventoryItems(SHOP_A, ["gid://shopify/InventoryItem/99"])).toEqual([]);
        expect(await repo().productsOfInventoryItems(SHOP_A, [])).toEqual([]);
        // Several items in one read: each product once, in product order.
        expect(
          await repo().productsOfInventoryItems(SHOP_A, [
            "gid://shopify/InventoryItem/121",
            "gid://shopify/InventoryItem/99",
            "gid://shopify/InventoryItem/11",
            "gid://shopify/InventoryItem/121",
          ]),
        ).toEqual([product(1, T1), product(12, T1)]);
      });

      it("drops the products a full read did not see", async () => {
        await repo().upsertProducts(SHOP_A, [product(1, T1), product(2, T2)]);
        await repo().upsertProducts(SHOP_B, [product(1, T1)]);
        expect(await repo().deleteProductsOlderThan(SHOP_A, T2)).toBe(1);
        expect((await repo().listProducts(SHOP_A)).map((p) => p.productId)).toEqual([
          "gid://shopify/Product/2",
        ]);
        expect(await repo().listProducts(SHOP_B)).toHaveLength(1);
      });
    });

    describe("supplier feed", () => {
      it("stores an import with its ETAs; a later import replaces the ETAs of the variants it names", async () => {
        const first = await repo().recordSupplierImport(
          SHOP_A,
          {
            filename: "feed.csv",
            rows: 3,
            etas: [
              { variantId: vid(1), expectedOn: d("2026-12-03"), quantity: 40 },
              { variantId: vid(1), expectedOn: d("2026-12-10"), quantity: null },
              { variantId: vid(2), expectedOn: d("2026-12-05"), quantity: 5 },
            ],
          },
          T1,
        );
        expect(first).toEqual({ id: expect.any(String), filename: "feed.csv", rows: 3, createdAt: T1 });
        const second = await repo().recordSupplierImport(
          SHOP_A,
          {
            filename: null,
            rows: 1,
            etas: [{ variantId: vid(1), expectedOn: d("2026-12-20"), quantity: 10 }],
          },
          T2,
        );
        expect(await repo().supplierEtas(SHOP_A, [vid(1), vid(2), vid(3)])).toEqual([
          { variantId: vid(1), expectedOn: "2026-12-20", quantity: 10, importId: second.id },
          { variantId: vid(2), expectedOn: "2026-12-05", quantity: 5, importId: first.id },
        ]);
        expect(await repo().supplierEtas(SHOP_B, [vid(1)])).toEqual([]);
        expect(await repo().listSupplierImports(SHOP_A, 10)).toEqual([second, first]);
        expect(await repo().listSupplierImports(SHOP_A, 1)).toEqual([second]);
        expect(await repo().listSupplierImports(SHOP_B, 10)).toEqual([]);
      });

      it("an import that cannot be stored leaves nothing behind (all or nothing)", async () => {
        await repo().recordSupplierImport(
          SHOP_A,
          {
            filename: "ok.csv",
            rows: 1,
            etas: [{ variantId: vid(1), expectedOn: d("2026-12-03"), quantity: 1 }],
          },
          T1,
        );
        // A row the table refuses (no variant) fails the import after its first writes (the import row, and the
        // removal of vid(1)'s earlier ETAs, which must come back).
        await expect(
          repo().recordSupplierImport(
            SHOP_A,
            {
              filename: "bad.csv",
              rows: 2,
              etas: [
                { variantId: vid(1), expectedOn: d("2026-12-24"), quantity: 2 },
                { variantId: null as never, expectedOn: d("2026-12-24"), quantity: 2 },
              ],
            },
            T2,
          ),
        ).rejects.toThrow();
        expect((await repo().listSupplierImports(SHOP_A, 10)).map((i) => i.filename)).toEqual(["ok.csv"]);
        expect(await repo().supplierEtas(SHOP_A, [vid(1), vid(2)])).toEqual([
          expect.objectContaining({ variantId: vid(1), expectedOn: "2026-12-03" }),
        ]);
      });
    });

    describe("substitutes", () => {
      it("replaces a variant's picks (in order) and exclusions; an id both picked and excluded stays excluded", async () => {
        await repo().setSubstituteChoices(
          SHOP_A,
          vid(1),
          { picks: [vid(9), vid(3), vid(9)], excludedVariantIds: [], excludedProductIds: [] },
          T1,
        );
        await repo().setSubstituteChoices(
          SHOP_A,
          vid(1),
          {
            picks: [vid(7), vid(5), vid(4)],
            excludedVariantIds: [vid(4), vid(20)],
            excludedProductIds: ["gid://shopify/Product/8"],
          },
          T2,
        );
        const choices = await repo().substituteChoices(SHOP_A, [vid(1), vid(2)]);
        expect([...choices.keys()]).toEqual([vid(1)]);
        expect(choices.get(vid(1))).toEqual({
          picks: [vid(7), vid(5)],
          excludedVariantIds: [vid(4), vid(20)],
          excludedProductIds: ["gid://shopify/Product/8"],
        });
        expect((await repo().substituteChoices(SHOP_B, [vid(1)])).size).toBe(0);
        await repo().setSubstituteChoices(
          SHOP_A,
          vid(1),
          { picks: [], excludedVariantIds: [], excludedProductIds: [] },
          T3,
        );
        expect((await repo().substituteChoices(SHOP_A, [vid(1)])).size).toBe(0);
      });
    });

    describe("storefront sync state", () => {
      it("upserts what was written, keeping the fields an update leaves out", async () => {
        await repo().saveVariantSyncs(SHOP_A, [
          { variantId: vid(1), productId: "gid://shopify/Product/1", policy: "CONTINUE" },
          { variantId: vid(2), productId: "gid://shopify/Product/1", availability: '{"v":1}' },
        ]);
        await repo().saveVariantSyncs(SHOP_A, [
          { variantId: vid(1), productId: "gid://shopify/Product/1", availability: '{"v":2}' },
        ]);
        expect(await repo().variantSyncs(SHOP_A, [vid(1), vid(2), vid(3)])).toEqual([
          {
            variantId: vid(1),
            productId: "gid://shopify/Product/1",
            availability: '{"v":2}',
            policy: "CONTINUE",
            updatedAt: expect.any(Date),
          },
          {
            variantId: vid(2),
            productId: "gid://shopify/Product/1",
            availability: '{"v":1}',
            policy: null,
            updatedAt: expect.any(Date),
          },
        ]);
        expect(await repo().variantSyncs(SHOP_B, [vid(1)])).toEqual([]);
        expect(await repo().syncedVariantIds(SHOP_A)).toEqual([vid(1), vid(2)]);
      });

      it("applies one call's updates of a variant as if one by one, for new and stored rows alike", async () => {
        await repo().saveVariantSyncs(SHOP_A, [
          {
            variantId: vid(1),
            productId: "gid://shopify/Product/1",
            policy: "DENY",
            availability: '{"v":1}',
          },
        ]);
        await repo().saveVariantSyncs(SHOP_A, [
          { variantId: vid(1), productId: "gid://shopify/Product/1", policy: "CONTINUE" },
          { variantId: vid(3), productId: "gid://shopify/Product/3", availability: '{"v":3}' },
          { variantId: vid(1), productId: "gid://shopify/Product/9", availability: '{"v":2}' },
          { variantId: vid(3), productId: "gid://shopify/Product/3", policy: "DENY" },
          { variantId: vid(4), productId: "gid://shopify/Product/4", policy: "DENY" },
        ]);
        const rows = await repo().variantSyncs(SHOP_A, [vid(1), vid(3), vid(4)]);
        expect(rows.map(({ updatedAt: _u, ...r }) => r)).toEqual([
          {
            variantId: vid(1),
            productId: "gid://shopify/Product/9",
            availability: '{"v":2}',
            policy: "CONTINUE",
          },
          {
            variantId: vid(3),
            productId: "gid://shopify/Product/3",
            availability: '{"v":3}',
            policy: "DENY",
          },
          { variantId: vid(4), productId: "gid://shopify/Product/4", availability: null, policy: "DENY" },
        ]);
      });
    });

    describe("line promises", () => {
      it("stores the first promise once and never overwrites it; current follows; slips are appended", async () => {
        await repo().savePromiseChanges(SHOP_A, {
          created: [{ lineItemId: "gid://shopify/LineItem/1", promised: ETA_A, promisedAt: T1 }],
          revised: [],
          slips: [],
        });
        expect(await repo().linePromises(SHOP_A, ["gid://shopify/LineItem/1"])).toEqual([
          {
            lineItemId: "gid://shopify/LineItem/1",
            promised: ETA_A,
            promisedAt: T1,
            current: ETA_A,
            agreed: null,
          },
        ]);
        await repo().savePromiseChanges(SHOP_A, {
          created: [
            { lineItemId: "gid://shopify/LineItem/1", promised: ETA_B, promisedAt: T2 },
            { lineItemId: "gid://shopify/LineItem/2", promised: UNKNOWN, promisedAt: T2 },
          ],
          revised: [{ lineItemId: "gid://shopify/LineItem/1", current: ETA_B }],
          slips: [
            { lineItemId: "gid://shopify/LineItem/1", promised: ETA_A, revised: ETA_B, detectedAt: T2 },
          ],
        });
        await repo().savePromiseChanges(SHOP_A, {
          created: [],
          revised: [{ lineItemId: "gid://shopify/LineItem/1", current: UNKNOWN }],
          slips: [
            { lineItemId: "gid://shopify/LineItem/1", promised: ETA_A, revised: UNKNOWN, detectedAt: T3 },
          ],
        });
        const promises = await repo().linePromises(SHOP_A, [
          "gid://shopify/LineItem/1",
          "gid://shopify/LineItem/2",
        ]);
        expect(promises.sort((a, b) => a.lineItemId.localeCompare(b.lineItemId))).toEqual([
          {
            lineItemId: "gid://shopify/LineItem/1",
            promised: ETA_A,
            promisedAt: T1,
            current: UNKNOWN,
            agreed: null,
          },
          {
            lineItemId: "gid://shopify/LineItem/2",
            promised: UNKNOWN,
            promisedAt: T2,
            current: UNKNOWN,
            agreed: null,
          },
        ]);
        expect(await repo().linePromises(SHOP_B, ["gid://shopify/LineItem/1"])).toEqual([]);
        // A date the customer accepts becomes what they hold us to; the purchase promise stays as it was.
        expect(await repo().agreeToEta(SHOP_A, "gid://shopify/LineItem/1", ETA_B)).toBe(true);
        expect(await repo().agreeToEta(SHOP_B, "gid://shopify/LineItem/1", ETA_B)).toBe(false);
        expect(await repo().linePromises(SHOP_A, ["gid://shopify/LineItem/1"])).toEqual([
          {
            lineItemId: "gid://shopify/LineItem/1",
            promised: ETA_A,
            promisedAt: T1,
            current: UNKNOWN,
            agreed: ETA_B,
          },
        ]);

        const slips = await repo().listSlips(SHOP_A, { limit: 10 });
        expect(slips).toEqual([
          {
            id: expect.any(String),
            lineItemId: "gid://shopify/LineItem/1",
            promised: ETA_A,
            revised: UNKNOWN,
            detectedAt: T3,
            notifiedAt: null,
          },
          expect.objectContaining({ revised: ETA_B, detectedAt: T2 }),
        ]);
        expect(await repo().listSlips(SHOP_A, { limit: 1, unnotified: true })).toHaveLength(1);
        expect(await repo().listSlips(SHOP_A, { limit: 10, lineItemId: "gid://shopify/LineItem/2" })).toEqual(
          [],
        );
        expect(await repo().listSlips(SHOP_B, { limit: 10 })).toEqual([]);
      });

      it("two syncs creating the same promise at once keep exactly one of them", async () => {
        // One client: on SQLite (better-sqlite3 is synchronous) a second client in the same process would busy-wait
        // on the first one's lock and block the thread that has to release it. PostgreSQL runs the two on separate
        // pool connections, so the race is real there.
        const other = repo();
        const line = "gid://shopify/LineItem/77";
        await Promise.all([
          repo().savePromiseChanges(SHOP_A, {
            created: [{ lineItemId: line, promised: ETA_A, promisedAt: T1 }],
            revised: [],
            slips: [],
          }),
          other.savePromiseChanges(SHOP_A, {
            created: [{ lineItemId: line, promised: ETA_B, promisedAt: T2 }],
            revised: [],
            slips: [],
          }),
        ]);
        const [stored] = await repo().linePromises(SHOP_A, [line]);
        expect([ETA_A, ETA_B]).toContainEqual(stored?.promised);
        expect(stored?.current).toEqual(stored?.promised);
      });
    });

    it("deleteByShop erases everything of that shop and nothing else", async () => {
      for (const shop of [SHOP_A, SHOP_B]) {
        await repo().createRule(shop, rule({ kind: "shop" }), T1);
        await repo().upsertProducts(shop, [product(1, T1)]);
        await repo().recordSupplierImport(
          shop,
          {
            filename: null,
            rows: 1,
            etas: [{ variantId: vid(1), expectedOn: d("2026-12-03"), quantity: 1 }],
          },
          T1,
        );
        await repo().setSubstituteChoices(
          shop,
          vid(1),
          { picks: [vid(2)], excludedVariantIds: [], excludedProductIds: [] },
          T1,
        );
        await repo().saveVariantSyncs(shop, [{ variantId: vid(1), productId: "gid://shopify/Product/1" }]);
        await repo().savePromiseChanges(shop, {
          created: [{ lineItemId: "gid://shopify/LineItem/1", promised: ETA_A, promisedAt: T1 }],
          revised: [],
          slips: [
            { lineItemId: "gid://shopify/LineItem/1", promised: ETA_A, revised: ETA_B, detectedAt: T1 },
          ],
        });
      }
      await repo().deleteByShop(SHOP_A);
      const contents = async (shop: ShopDomain) => ({
        rules: (await repo().listRules(shop)).length,
        products: (await repo().listProducts(shop)).length,
        imports: (await repo().listSupplierImports(shop, 10)).length,
        etas: (await repo().supplierEtas(shop, [vid(1)])).length,
        choices: (await repo().substituteChoices(shop, [vid(1)])).size,
        syncs: (await repo().syncedVariantIds(shop)).length,
        promises: (await repo().linePromises(shop, ["gid://shopify/LineItem/1"])).length,
        slips: (await repo().listSlips(shop, { limit: 10 })).length,
      });
      expect(await contents(SHOP_A)).toEqual({
        rules: 0,
        products: 0,
        imports: 0,
        etas: 0,
        choices: 0,
        syncs: 0,
        promises: 0,
        slips: 0,
      });
      expect(await contents(SHOP_B)).toEqual({
        rules: 1,
        products: 1,
        imports: 1,
        etas: 1,
        choices: 1,
        syncs: 1,
        promises: 1,
        slips: 1,
      });
    });
  });
}
