import { describe, expect, it } from "vitest";
import type { ShopDomain, StoredSession } from "../../web/server/use-cases/ports.js";
import { SHOP_A, SHOP_B, useStore, type StoreFactory } from "./harness.js";

function offline(shop: ShopDomain, overrides: Partial<StoredSession> = {}): StoredSession {
  return {
    id: `offline_${shop}`,
    shop,
    state: "state-1",
    isOnline: false,
    scope: "read_orders,write_orders",
    expires: null,
    accessToken: `shpat_${shop}`,
    refreshToken: null,
    refreshTokenExpires: null,
    ...overrides,
  };
}

export function sessionRepositoryContract(factory: StoreFactory): void {
  describe("SessionRepository", () => {
    const store = useStore(factory);

    it("stores and loads a session with every field intact", async () => {
      const { sessions } = store().repos;
      const session = offline(SHOP_A, {
        expires: new Date(Date.UTC(2027, 0, 2, 3, 4, 5, 678)),
        refreshToken: "shprt_1",
        refreshTokenExpires: new Date(Date.UTC(2027, 5, 6, 7, 8, 9, 1)),
      });
      await sessions.store(session);
      expect(await sessions.load(session.id)).toEqual(session);
    });

    it("returns null for an unknown id", async () => {
      expect(await store().repos.sessions.load("offline_nobody.myshopify.com")).toBeNull();
    });

    it("treats omitted refresh fields as null", async () => {
      const { sessions } = store().repos;
      const { refreshToken: _r, refreshTokenExpires: _e, ...bare } = offline(SHOP_A);
      await sessions.store(bare);
      const loaded = await sessions.load(bare.id);
      expect(loaded?.refreshToken ?? null).toBeNull();
      expect(loaded?.refreshTokenExpires ?? null).toBeNull();
    });

    it("overwrites a stored session with the same id", async () => {
      const { sessions } = store().repos;
      await sessions.store(offline(SHOP_A, { expires: new Date(Date.UTC(2027, 0, 1)), refreshToken: "old" }));
      const replacement = offline(SHOP_A, {
        accessToken: "shpat_new",
        scope: null,
        expires: null,
        refreshToken: null,
      });
      await sessions.store(replacement);
      expect(await sessions.load(replacement.id)).toEqual(replacement);
      expect(await sessions.findByShop(SHOP_A)).toHaveLength(1);
    });

    it("finds only the given shop's sessions", async () => {
      const { sessions } = store().repos;
      const online = offline(SHOP_A, { id: `${SHOP_A}_42`, isOnline: true, accessToken: "online" });
      await sessions.store(offline(SHOP_A));
      await sessions.store(online);
      await sessions.store(offline(SHOP_B));
      const found = await sessions.findByShop(SHOP_A);
      expect(found.map((s) => s.id).sort()).toEqual([`${SHOP_A}_42`, `offline_${SHOP_A}`].sort());
      expect(found.every((s) => s.shop === SHOP_A)).toBe(true);
      expect(await sessions.findByShop("nobody.myshopify.com")).toEqual([]);
    });

    it("deletes one shop's sessions and reports how many", async () => {
      const { sessions } = store().repos;
      await sessions.store(offline(SHOP_A));
      await sessions.store(offline(SHOP_A, { id: `${SHOP_A}_7`, isOnline: true }));
      await sessions.store(offline(SHOP_B));
      expect(await sessions.deleteByShop(SHOP_A)).toBe(2);
      expect(await sessions.findByShop(SHOP_A)).toEqual([]);
      expect(await sessions.load(`offline_${SHOP_B}`)).not.toBeNull();
      expect(await sessions.deleteByShop(SHOP_A)).toBe(0);
    });
  });
}
