import { describe, expect, it } from "vitest";
import { createMemoryLogger } from "../adapters/logger.js";
import type { ShopRecord } from "../use-cases/ports.js";
import { createAvailabilitySync } from "./availability-sync.js";

const A = "shop-a.myshopify.com";
const B = "shop-b.myshopify.com";
const C = "shop-c.myshopify.com";

function fakes(options: { failing?: string[]; uninstalled?: string[] } = {}) {
  const syncs: { shop: string; scope: string[] | "all" }[] = [];
  const refreshes: string[] = [];
  let release: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  const clock = { ms: 0, now: () => new Date(clock.ms) };
  const logger = createMemoryLogger();
  const job = createAvailabilitySync({
    services: {
      syncVariants: {
        evaluate: async () => [],
        sync: async (shop, scope) => {
          await gate;
          syncs.push({ shop, scope });
          if (options.failing?.includes(shop)) throw new Error("Shopify answered 503");
          return {
            evaluated: 0,
            policyUpdates: [],
            metafieldCalls: 0,
            metafieldsWritten: 0,
            promisesCreated: 0,
            slips: 0,
          };
        },
      },
      catalog: {
        refresh: async (shop: string) => {
          refreshes.push(shop);
          return { products: 0, variants: 0, removed: 0 };
        },
      } as never,
    },
    repository: { shopsToSync: async () => [A, B, C] },
    shops: {
      get: async (domain) =>
        ({ domain, uninstalledAt: options.uninstalled?.includes(domain) ? new Date() : null }) as ShopRecord,
    },
    clock,
    logger,
    settings: { intervalMs: 60_000, catalogIntervalMs: 3_600_000 },
  });
  return {
    job,
    syncs,
    refreshes,
    clock,
    logger,
    hold() {
      gate = new Promise((r) => (release = r));
    },
    release: () => release(),
  };
}

describe("availability sync job", () => {
  it("runs requested syncs in the background, merging the requests that pile up for a shop", async () => {
    const f = fakes();
    f.hold();
    f.job.request(A, ["v1"]); // taken at once, waits on the gate
    f.job.request(A, ["v2"]);
    f.job.request(B, ["v9"]);
    f.job.request(A, ["v3", "v2"]);
    f.release();
    await f.job.idle();
    expect(f.syncs).toEqual([
      { shop: A, scope: ["v1"] },
      { shop: A, scope: ["v2", "v3"] },
      { shop: B, scope: ["v9"] },
    ]);
    f.hold();
    f.job.request(A, ["v1"]);
    f.job.request(A, "all");
    f.job.request(A, ["v4"]);
    f.release();
    await f.job.idle();
    expect(f.syncs.slice(3)).toEqual([
      { shop: A, scope: ["v1"] },
      { shop: A, scope: "all" },
    ]);
  });

  it("a failed background sync is logged, not thrown, and later requests still run", async () => {
    const f = fakes({ failing: [A] });
    f.job.request(A, ["v1"]);
    await f.job.idle();
    f.job.request(B, ["v2"]);
    await f.job.idle();
    expect(f.syncs.map((s) => s.shop)).toEqual([A, B]);
    expect(f.logger.entries).toContainEqual(
      expect.objectContaining({ level: "warn", msg: "background availability sync failed" }),
    );
  });

  it("a periodic pass syncs every installed shop, reads catalogs when due, and survives one shop failing", async () => {
    const f = fakes({ failing: [A], uninstalled: [C] });
    expect(await f.job.runOnce()).toEqual({ shops: 3, failed: 1 });
    expect(f.syncs).toEqual([
      { shop: A, scope: "all" },
      { shop: B, scope: "all" },
    ]);
    expect(f.refreshes).toEqual([A, B]);
    f.clock.ms += 60_000;
    await f.job.runOnce();
    expect(f.refreshes).toEqual([A, B]); // not due yet
    f.clock.ms += 3_600_000;
    await f.job.runOnce();
    expect(f.refreshes).toEqual([A, B, A, B]);
  });
});
