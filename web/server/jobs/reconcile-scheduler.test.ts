import { describe, expect, it } from "vitest";
import { createMemoryLogger } from "../adapters/logger.js";
import type { ReconcileOptions, ReconcileReport } from "../use-cases/backorder/index.js";
import { createReconcileScheduler } from "./reconcile-scheduler.js";
import type { ShopDomain } from "../use-cases/ports.js";

const REPORT: ReconcileReport = {
  since: "2026-03-02T00:00:00.000Z",
  ordersRead: 1,
  ordersFixed: 0,
  levelsRead: 0,
  levelsChanged: 0,
  linesChanged: 0,
  ordersSynced: 0,
  ordersRepaired: 0,
  syncFailures: 0,
  adminCalls: 1,
};

function setup(shops: ShopDomain[] = ["a.myshopify.com", "b.myshopify.com"]) {
  let now = Date.UTC(2026, 2, 2, 9);
  const calls: { shop: string; options: ReconcileOptions | undefined }[] = [];
  const gates: (() => void)[] = [];
  const failing = new Set<string>();
  let gated = false;
  const scheduler = createReconcileScheduler({
    engine: {
      async reconcile(shop, _cause, options) {
        calls.push({ shop, options });
        if (gated) await new Promise<void>((r) => gates.push(r));
        if (failing.has(shop)) throw new Error("Throttled for too long");
        return REPORT;
      },
    },
    listShops: async () => shops,
    clock: { now: () => new Date(now) },
    logger: createMemoryLogger(),
    intervalMs: 0,
    overlapMs: 60_000,
  });
  return {
    scheduler,
    calls,
    failing,
    gate: () => (gated = true),
    open: () => {
      gated = false;
      for (const g of gates.splice(0)) g();
    },
    advance: (ms: number) => (now += ms),
  };
}

describe("reconcile scheduler", () => {
  it("runs one reconciliation per shop at a time: a second request gets the running one", async () => {
    const s = setup();
    s.gate();
    const first = s.scheduler.request("a.myshopify.com");
    const second = s.scheduler.request("a.myshopify.com");
    expect(first.started).toBe(true);
    expect(second).toEqual({ run: first.run, started: false });
    expect(s.scheduler.latest("a.myshopify.com")).toMatchObject({ status: "running", trigger: "request" });
    await Promise.resolve();
    s.open();
    await s.scheduler.idle();
    expect(s.calls).toHaveLength(1);
    expect(s.scheduler.latest("a.myshopify.com")).toMatchObject({
      id: first.run.id,
      status: "completed",
      report: REPORT,
      finishedAt: expect.any(String),
    });
    expect(s.scheduler.latest("b.myshopify.com")).toBeNull();
  });

  it("a pass covers every shop in turn; a failure is recorded, not thrown", async () => {
    const s = setup();
    s.failing.add("a.myshopify.com");
    expect(await s.scheduler.runOnce()).toEqual({ shops: 2, failed: 1 });
    expect(s.calls.map((c) => c.shop)).toEqual(["a.myshopify.com", "b.myshopify.com"]);
    expect(s.scheduler.latest("a.myshopify.com")).toMatchObject({
      status: "failed",
      trigger: "schedule",
      error: "Error: Throttled for too long",
    });
    expect(s.scheduler.latest("b.myshopify.com")).toMatchObject({ status: "completed" });
  });

  it("lists orders from the previous completed run's start, minus the overlap", async () => {
    const s = setup(["a.myshopify.com"]);
    const start = new Date(Date.UTC(2026, 2, 2, 9));
    await s.scheduler.runOnce();
    s.advance(15 * 60_000);
    s.failing.add("a.myshopify.com");
    await s.scheduler.runOnce(); // a failed run does not move the start
    s.failing.clear();
    await s.scheduler.runOnce();
    expect(s.calls.map((c) => c.options)).toEqual([
      {},
      { since: new Date(start.getTime() - 60_000) },
      { since: new Date(start.getTime() - 60_000) },
    ]);
  });
});

describe("reconciliation time across restarts", () => {
  it("a new process resumes each shop's listing from the stored start of its last completed run", async () => {
    const stored = new Map<string, Date>();
    const progress = {
      load: async (shop: string) => stored.get(shop) ?? null,
      save: async (shop: string, at: Date) => void stored.set(shop, at),
    };
    const calls: (ReconcileOptions | undefined)[] = [];
    const now = Date.UTC(2026, 2, 2, 9);
    const make = (at: number) =>
      createReconcileScheduler({
        engine: {
          async reconcile(_shop, _cause, options) {
            calls.push(options);
            return REPORT;
          },
        },
        listShops: async () => ["a.myshopify.com"],
        clock: { now: () => new Date(at) },
        logger: createMemoryLogger(),
        intervalMs: 0,
        overlapMs: 60_000,
        progress,
      });
    await make(now).runOnce();
    expect(calls[0]).toEqual({});
    expect(stored.get("a.myshopify.com")).toEqual(new Date(now));
    // The process restarts: its memory is empty, the store is not.
    await make(now + 3_600_000).runOnce();
    expect(calls[1]).toEqual({ since: new Date(now - 60_000) });
  });
});
