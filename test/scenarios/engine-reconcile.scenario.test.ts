/**
 * Reconciliation over the dev store, end to end: 10% of webhooks are dropped (seeded) while orders, restocks and
 * cancellations happen, so Waitwell's mirror drifts from Shopify. One reconciliation, started from the admin API
 * (POST /api/backorders/reconcile with a session token), must leave exactly the right units held on every order:
 * first come first served by order time over each item's stock, computed here from the dev store's own state.
 * SQLite always, PostgreSQL when reachable.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallRecord } from "../../web/server/adapters/shopify/admin-client.js";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/db.js";
import { devStoreControl, eventually, startTestStack } from "../support/stack.js";

type Stack = Awaited<ReturnType<typeof startTestStack>>;

interface StoreOrder {
  id: string;
  createdAt: string;
  cancelledAt: string | null;
  lineItems: { id: string; variantId: string | null; sku: string | null }[];
  fulfillmentOrders: {
    lineItems: { lineItemId: string; remainingQuantity: number }[];
    holds: { handle: string }[];
  }[];
}
interface StoreState {
  products: {
    variants: { id: string; sku: string; inventoryItem: { levels: { available: number }[] } }[];
  }[];
  orders: StoreOrder[];
}
interface Run {
  id: string;
  status: "running" | "completed" | "failed";
  report: Record<string, number> | null;
  error: string | null;
}

const kinds: ("sqlite" | "postgresql")[] = [
  "sqlite",
  ...((await postgresAvailable()) ? (["postgresql"] as const) : []),
];

// Continue-selling variants: TB-BOOT-08 8 in stock over two locations, TB-BOOT-09 none, TB-BOOT-10 -2,
// RDP-24-MOS 1, ALP-HL-300 2 at the Downtown Store.
const SKUS = ["TB-BOOT-08", "TB-BOOT-09", "TB-BOOT-10", "RDP-24-MOS", "ALP-HL-300"];

const numericId = (gid: string) => BigInt(gid.split("/").pop()!);
const byId = (a: string, b: string) =>
  numericId(a) < numericId(b) ? -1 : numericId(a) > numericId(b) ? 1 : 0;

/** Units our holds cover, per line item. */
function heldByUs(o: StoreOrder): Map<string, number> {
  const held = new Map<string, number>();
  for (const fo of o.fulfillmentOrders) {
    if (!fo.holds.some((h) => h.handle.startsWith("waitwell-"))) continue;
    for (const li of fo.lineItems)
      held.set(li.lineItemId, (held.get(li.lineItemId) ?? 0) + li.remainingQuantity);
  }
  return held;
}

/**
 * What should be held, from Shopify's state alone: per item, the units our open lines share are `available` (summed
 * over locations) plus those lines' own open units; lines take them first come first served (order time, then ids),
 * and what a line cannot take waits on hold.
 */
function truth(state: StoreState, orderIds: string[]): Map<string, number> {
  const itemOf = new Map<string, { levels: { available: number }[] }>();
  for (const v of state.products.flatMap((p) => p.variants)) itemOf.set(v.id, v.inventoryItem);
  const lines: { orderId: string; createdAt: number; lineItemId: string; variantId: string; open: number }[] =
    [];
  for (const o of state.orders.filter((x) => orderIds.includes(x.id) && x.cancelledAt === null)) {
    for (const li of o.lineItems) {
      const open = o.fulfillmentOrders
        .flatMap((fo) => fo.lineItems)
        .filter((f) => f.lineItemId === li.id)
        .reduce((s, f) => s + f.remainingQuantity, 0);
      if (li.variantId && open > 0)
        lines.push({
          orderId: o.id,
          createdAt: Math.floor(Date.parse(o.createdAt) / 1000), // Shopify's timestamps are to the second
          lineItemId: li.id,
          variantId: li.variantId,
          open,
        });
    }
  }
  const remaining = new Map<string, number>();
  for (const l of lines) {
    const levels = itemOf.get(l.variantId)!.levels;
    const base = remaining.get(l.variantId) ?? levels.reduce((s, x) => s + x.available, 0);
    remaining.set(l.variantId, base + l.open);
  }
  lines.sort(
    (a, b) => a.createdAt - b.createdAt || byId(a.orderId, b.orderId) || byId(a.lineItemId, b.lineItemId),
  );
  const held = new Map<string, number>();
  for (const l of lines) {
    const rem = Math.max(0, remaining.get(l.variantId)!);
    const take = Math.min(l.open, rem);
    remaining.set(l.variantId, rem - take);
    if (l.open > take) held.set(l.lineItemId, l.open - take);
  }
  return held;
}

describe.each(kinds)("backorder reconciliation over the dev store (%s)", (kind) => {
  let stack: Stack;
  let database: TestDatabase | undefined;
  const calls: CallRecord[] = [];

  beforeAll(async () => {
    database = kind === "postgresql" ? await createTestDatabase("postgresql") : undefined;
    await database?.db.$disconnect();
    stack = await startTestStack({
      ...(database ? { databaseUrl: database.url } : {}),
      env: { RECONCILE_INTERVAL_MS: "0" },
      onAdminCall: (call) => calls.push(call),
    });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await database?.cleanup();
  });

  const state = async (): Promise<StoreState> =>
    (await (await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`)).json()) as StoreState;
  const settle = async () => {
    await stack.devStore.webhooksIdle();
    await stack.app.worker.drain();
  };
  const api = async (method: "GET" | "POST", path: string) => {
    const res = await fetch(`${stack.app.url}/api${path}`, {
      method,
      headers: { Authorization: `Bearer ${await stack.sessionToken()}` },
    });
    return { status: res.status, body: (await res.json()) as { run: Run | null } };
  };
  /** Per order: line item → units held that should not be, or should be and are not. */
  const mismatches = (s: StoreState, orderIds: string[]) => {
    const expected = truth(s, orderIds);
    const wrong: { order: string; line: string; held: number; expected: number }[] = [];
    for (const o of s.orders.filter((x) => orderIds.includes(x.id))) {
      const held = heldByUs(o);
      for (const li of o.lineItems) {
        const h = held.get(li.id) ?? 0;
        const e = o.cancelledAt === null ? (expected.get(li.id) ?? 0) : 0;
        if (h !== e) wrong.push({ order: o.id, line: `${li.sku}`, held: h, expected: e });
      }
    }
    return wrong;
  };

  it("with 10% of webhooks dropped, one reconciliation leaves exactly the right units held on every order", async () => {
    const variants = new Map(
      (await state()).products.flatMap((p) => p.variants).map((v) => [v.sku, v.id] as const),
    );
    const variantId = (sku: string) => variants.get(sku)!;
    await devStoreControl(stack, "/faults", { seed: 4, drop: 0.1 });
    const orderIds: string[] = [];
    try {
      const place = async (skus: string[]) => {
        const placed = await devStoreControl<{ id: string }>(stack, "/orders", {
          shop: stack.shop,
          lines: skus.map((sku) => ({ variantId: variantId(sku), quantity: 1 })),
        });
        orderIds.push(placed.id);
        return placed.id;
      };
      const receive = (sku: string, quantity: number) =>
        devStoreControl(stack, "/stock/receive", { shop: stack.shop, variantId: variantId(sku), quantity });
      const cancel = (id: string) =>
        devStoreControl(stack, `/orders/${id.split("/").pop()}/cancel`, {
          shop: stack.shop,
          restock: true,
          reason: "customer",
        });

      for (let i = 0; i < 36; i++) {
        const first = SKUS[i % SKUS.length]!;
        const second = SKUS[(i * 3 + 1) % SKUS.length]!;
        await place(i % 3 === 0 && first !== second ? [first, second] : [first]);
        if (i === 11) await receive("TB-BOOT-09", 3);
        if (i === 17) await cancel(orderIds[2]!);
        if (i === 23) await receive("RDP-24-MOS", 2);
        if (i === 29) await cancel(orderIds[20]!);
        if (i === 31) await receive("TB-BOOT-08", 2);
      }
      await settle();
    } finally {
      await devStoreControl(stack, "/faults", { reset: true });
    }

    const dropped = stack.devStore.deliveries().filter((d) => d.state === "dropped");
    expect(dropped.length).toBeGreaterThan(0);
    const before = mismatches(await state(), orderIds);

    const started = await api("POST", "/backorders/reconcile");
    expect(started.status).toBe(202);
    expect(started.body.run).toMatchObject({ status: "running" });
    const fromCall = calls.length;
    const run = await eventually(async () => {
      const { body } = await api("GET", "/backorders/reconcile");
      return body.run?.status !== "running" ? body.run : null;
    }, 30_000);
    const runCalls = calls.slice(fromCall).filter((c) => c.operation.startsWith("WaitwellReconcile"));
    await settle();

    expect(run).toMatchObject({ id: started.body.run!.id, status: "completed", error: null });
    expect(mismatches(await state(), orderIds)).toEqual([]);
    // Something was wrong before (a drop reached the engine), and the run says what it repaired.
    expect(before.length + run!.report!.ordersFixed! + run!.report!.levelsChanged!).toBeGreaterThan(0);
    expect(run!.report).toMatchObject({ syncFailures: 0, ordersRead: expect.any(Number) });
    expect(run!.report!.ordersRead).toBeGreaterThanOrEqual(orderIds.length);
    for (const c of runCalls) expect(c.requestedQueryCost ?? 0).toBeLessThan(1000);
    // The report counts calls; a THROTTLED answer is a retried round trip of the same call, not another one.
    expect(runCalls.filter((c) => !c.throttled).length).toBeLessThanOrEqual(run!.report!.adminCalls!);

    // A second run finds nothing to repair.
    await api("POST", "/backorders/reconcile");
    const again = await eventually(async () => {
      const { body } = await api("GET", "/backorders/reconcile");
      return body.run?.id !== run!.id && body.run?.status !== "running" ? body.run : null;
    }, 30_000);
    expect(again?.report).toMatchObject({
      ordersFixed: 0,
      levelsChanged: 0,
      linesChanged: 0,
      ordersSynced: 0,
    });
  }, 120_000);
});
