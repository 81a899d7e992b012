import { describe, expect, it } from "vitest";
import { SHOP_A, SHOP_B, useStore, type StoreFactory } from "./harness.js";

const T1 = new Date(Date.UTC(2026, 10, 5, 10, 0, 0, 5));
const T2 = new Date(Date.UTC(2026, 10, 6, 10, 0, 0, 6));

const DATA = {
  customer: { id: "gid://shopify/Customer/1", email: "ada@example.com", name: "Åda Łovelace" },
  orders: [{ id: "gid://shopify/Order/1", lines: [{ qty: 2, price: "19.90" }] }],
  flags: { vip: true, notes: null },
  count: 3,
};

export function dataExportRepositoryContract(factory: StoreFactory): void {
  describe("DataExportRepository", () => {
    const store = useStore(factory);

    it("creates an export with an id, the given time and the data intact", async () => {
      const { exports } = store().repos;
      const created = await exports.create(
        { shop: SHOP_A, customerId: "gid://shopify/Customer/1", dataRequestId: "dr-1", data: DATA },
        T1,
      );
      expect(created.id).toEqual(expect.any(String));
      expect(created).toEqual({
        id: created.id,
        shop: SHOP_A,
        customerId: "gid://shopify/Customer/1",
        dataRequestId: "dr-1",
        data: DATA,
        createdAt: T1,
      });
      expect(await exports.listByShop(SHOP_A)).toEqual([created]);
    });

    it("lists only the shop's exports, oldest first", async () => {
      const { exports } = store().repos;
      const later = await exports.create(
        { shop: SHOP_A, customerId: "c1", dataRequestId: null, data: { n: 2 } },
        T2,
      );
      const earlier = await exports.create(
        { shop: SHOP_A, customerId: "c2", dataRequestId: null, data: { n: 1 } },
        T1,
      );
      await exports.create({ shop: SHOP_B, customerId: "c1", dataRequestId: null, data: { n: 3 } }, T1);
      expect((await exports.listByShop(SHOP_A)).map((e) => e.id)).toEqual([earlier.id, later.id]);
      expect(await exports.listByShop("nobody.myshopify.com")).toEqual([]);
    });

    it("deletes one customer's exports in one shop", async () => {
      const { exports } = store().repos;
      await exports.create({ shop: SHOP_A, customerId: "c1", dataRequestId: null, data: {} }, T1);
      await exports.create({ shop: SHOP_A, customerId: "c1", dataRequestId: null, data: {} }, T2);
      const kept = await exports.create(
        { shop: SHOP_A, customerId: "c2", dataRequestId: null, data: {} },
        T1,
      );
      const otherShop = await exports.create(
        { shop: SHOP_B, customerId: "c1", dataRequestId: null, data: {} },
        T1,
      );
      expect(await exports.deleteByCustomer(SHOP_A, "c1")).toBe(2);
      expect(await exports.listByShop(SHOP_A)).toEqual([kept]);
      expect(await exports.listByShop(SHOP_B)).toEqual([otherShop]);
      expect(await exports.deleteByCustomer(SHOP_A, "c1")).toBe(0);
    });

    it("deletes every export of a shop", async () => {
      const { exports } = store().repos;
      await exports.create({ shop: SHOP_A, customerId: "c1", dataRequestId: null, data: {} }, T1);
      await exports.create({ shop: SHOP_A, customerId: "c2", dataRequestId: null, data: {} }, T1);
      await exports.create({ shop: SHOP_B, customerId: "c1", dataRequestId: null, data: {} }, T1);
      expect(await exports.deleteByShop(SHOP_A)).toBe(2);
      expect(await exports.listByShop(SHOP_A)).toEqual([]);
      expect(await exports.listByShop(SHOP_B)).toHaveLength(1);
    });

    it("pages a shop's exports newest first with a cursor", async () => {
      const { exports } = store().repos;
      const made = [];
      for (let i = 0; i < 5; i++) {
        made.push(
          await exports.create(
            { shop: SHOP_A, customerId: `c${i}`, dataRequestId: null, data: { i } },
            new Date(T1.getTime() + i * 1_000),
          ),
        );
      }
      await exports.create({ shop: SHOP_B, customerId: "c1", dataRequestId: null, data: {} }, T2);
      const newestFirst = [...made].reverse().map((e) => e.id);
      const first = await exports.listPage(SHOP_A, { limit: 2 });
      expect(first.exports.map((e) => e.id)).toEqual(newestFirst.slice(0, 2));
      expect(first.nextCursor).toBe(newestFirst[1]);
      const second = await exports.listPage(SHOP_A, { limit: 2, cursor: first.nextCursor! });
      expect(second.exports.map((e) => e.id)).toEqual(newestFirst.slice(2, 4));
      const last = await exports.listPage(SHOP_A, { limit: 2, cursor: second.nextCursor! });
      expect(last.exports.map((e) => e.id)).toEqual(newestFirst.slice(4));
      expect(last.nextCursor).toBeNull();
      expect((await exports.listPage(SHOP_A, { limit: 5 })).nextCursor).toBeNull();
    });

    it("deletes exports created before a cut-off, in every shop", async () => {
      const { exports } = store().repos;
      await exports.create({ shop: SHOP_A, customerId: "c1", dataRequestId: null, data: {} }, T1);
      await exports.create({ shop: SHOP_B, customerId: "c1", dataRequestId: null, data: {} }, T1);
      const kept = await exports.create(
        { shop: SHOP_A, customerId: "c2", dataRequestId: null, data: {} },
        T2,
      );
      expect(await exports.deleteCreatedBefore(T2)).toBe(2);
      expect(await exports.listByShop(SHOP_A)).toEqual([kept]);
      expect(await exports.listByShop(SHOP_B)).toEqual([]);
      expect(await exports.deleteCreatedBefore(T2)).toBe(0);
    });
  });
}
