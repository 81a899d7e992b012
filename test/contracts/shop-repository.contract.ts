import { describe, expect, it } from "vitest";
import { NotFoundError } from "../../web/server/errors.js";
import { DEFAULT_SHOP_SETTINGS } from "../../web/server/use-cases/ports.js";
import { SHOP_A, SHOP_B, useStore, type StoreFactory } from "./harness.js";

const T1 = new Date(Date.UTC(2026, 10, 1, 9, 0, 0, 111));
const T2 = new Date(Date.UTC(2026, 10, 2, 9, 0, 0, 222));
const T3 = new Date(Date.UTC(2026, 10, 3, 9, 0, 0, 333));

export function shopRepositoryContract(factory: StoreFactory): void {
  describe("ShopRepository", () => {
    const store = useStore(factory);

    it("installs a new shop with the default settings", async () => {
      const { shops } = store().repos;
      const created = await shops.upsertInstalled({
        domain: SHOP_A,
        name: "Shop A",
        scopes: "read_orders",
        at: T1,
      });
      const expected = {
        domain: SHOP_A,
        name: "Shop A",
        scopes: "read_orders",
        settings: DEFAULT_SHOP_SETTINGS,
        installedAt: T1,
        uninstalledAt: null,
      };
      expect(created).toEqual(expected);
      expect(await shops.get(SHOP_A)).toEqual(expected);
    });

    it("keeps the last reconciliation time per shop, and forgets it with the shop", async () => {
      const { shops } = store().repos;
      const at = new Date(Date.UTC(2026, 11, 7, 6, 0, 0, 123));
      await shops.upsertInstalled({ domain: SHOP_A, name: null, scopes: null, at });
      expect(await shops.lastReconciledAt(SHOP_A)).toBeNull();
      await shops.setLastReconciledAt(SHOP_A, at);
      expect(await shops.lastReconciledAt(SHOP_A)).toEqual(at);
      await shops.setLastReconciledAt(SHOP_B, at); // no such shop: nothing happens
      expect(await shops.lastReconciledAt(SHOP_B)).toBeNull();
      await shops.delete(SHOP_A);
      expect(await shops.lastReconciledAt(SHOP_A)).toBeNull();
    });

    it("returns null for an unknown shop", async () => {
      expect(await store().repos.shops.get("nobody.myshopify.com")).toBeNull();
    });

    it("a repeated install of an installed shop refreshes name and scopes but keeps installedAt", async () => {
      const { shops } = store().repos;
      await shops.upsertInstalled({ domain: SHOP_A, name: "Old", scopes: "read_orders", at: T1 });
      const again = await shops.upsertInstalled({
        domain: SHOP_A,
        name: "New",
        scopes: "write_orders",
        at: T2,
      });
      expect(again).toMatchObject({
        name: "New",
        scopes: "write_orders",
        installedAt: T1,
        uninstalledAt: null,
      });
    });

    it("uninstall marks the shop and keeps it; a re-install clears the mark and keeps the settings", async () => {
      const { shops } = store().repos;
      await shops.upsertInstalled({ domain: SHOP_A, name: "A", scopes: null, at: T1 });
      await shops.updateSettings(SHOP_A, { backorderTag: "preorder" });
      await shops.markUninstalled(SHOP_A, T2);
      expect(await shops.get(SHOP_A)).toMatchObject({ uninstalledAt: T2, installedAt: T1 });

      const back = await shops.upsertInstalled({ domain: SHOP_A, name: "A", scopes: "read_orders", at: T3 });
      expect(back).toEqual({
        domain: SHOP_A,
        name: "A",
        scopes: "read_orders",
        settings: { ...DEFAULT_SHOP_SETTINGS, backorderTag: "preorder" },
        installedAt: T3,
        uninstalledAt: null,
      });
    });

    it("marking an unknown shop uninstalled does nothing", async () => {
      const { shops } = store().repos;
      await expect(shops.markUninstalled("nobody.myshopify.com", T1)).resolves.toBeUndefined();
      expect(await shops.get("nobody.myshopify.com")).toBeNull();
    });

    it("merges a settings patch, persists it and leaves other shops alone", async () => {
      const { shops } = store().repos;
      await shops.upsertInstalled({ domain: SHOP_A, name: null, scopes: null, at: T1 });
      await shops.upsertInstalled({ domain: SHOP_B, name: null, scopes: null, at: T1 });
      const updated = await shops.updateSettings(SHOP_A, { shipTogether: true });
      expect(updated.settings).toEqual({ ...DEFAULT_SHOP_SETTINGS, shipTogether: true });
      const allocation = { ...DEFAULT_SHOP_SETTINGS.allocation, priorityTags: ["VIP", "wholesale"] };
      const again = await shops.updateSettings(SHOP_A, { backorderTag: "waiting", allocation });
      const expected = { ...DEFAULT_SHOP_SETTINGS, backorderTag: "waiting", shipTogether: true, allocation };
      expect(again.settings).toEqual(expected);
      expect((await shops.get(SHOP_A))?.settings).toEqual(expected);
      expect((await shops.get(SHOP_B))?.settings).toEqual(DEFAULT_SHOP_SETTINGS);
    });

    it("stores the promise settings (calendar, substitute price band) and clears the band with null", async () => {
      const { shops } = store().repos;
      await shops.upsertInstalled({ domain: SHOP_A, name: null, scopes: null, at: T1 });
      const promise = {
        holidays: ["2026-12-24", "2026-12-25"],
        weekend: [5, 6],
        substitutePriceBand: { belowPercent: 20, abovePercent: 10 },
      };
      const updated = await shops.updateSettings(SHOP_A, promise);
      expect(updated.settings).toEqual({ ...DEFAULT_SHOP_SETTINGS, ...promise });
      expect((await shops.get(SHOP_A))?.settings).toEqual({ ...DEFAULT_SHOP_SETTINGS, ...promise });

      await shops.updateSettings(SHOP_A, { substitutePriceBand: null, holidays: [] });
      expect((await shops.get(SHOP_A))?.settings).toEqual({
        ...DEFAULT_SHOP_SETTINGS,
        weekend: [5, 6],
        substitutePriceBand: null,
        holidays: [],
      });
      // A returned record is a copy: changing it changes nothing stored.
      updated.settings.holidays.push("2027-01-01");
      expect((await shops.get(SHOP_A))?.settings.holidays).toEqual([]);
    });

    it("refuses to update the settings of an unknown shop", async () => {
      await expect(
        store().repos.shops.updateSettings("nobody.myshopify.com", { shipTogether: true }),
      ).rejects.toThrow(NotFoundError);
    });

    it("deletes a shop; deleting an unknown shop is a no-op", async () => {
      const { shops } = store().repos;
      await shops.upsertInstalled({ domain: SHOP_A, name: null, scopes: null, at: T1 });
      await shops.upsertInstalled({ domain: SHOP_B, name: null, scopes: null, at: T1 });
      await shops.delete(SHOP_A);
      expect(await shops.get(SHOP_A)).toBeNull();
      expect(await shops.get(SHOP_B)).not.toBeNull();
      await expect(shops.delete(SHOP_A)).resolves.toBeUndefined();
    });
  });
}
