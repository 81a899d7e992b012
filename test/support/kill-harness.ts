/**
 * What the kill tests (test/kill-recovery*.test.ts) share: the dev store in a process of its own (as Shopify is), its
 * control API, what it shows of Waitwell's decision per order, and "settled" (inbox and Shopify write outbox empty).
 */
import path from "node:path";
import { expect } from "vitest";
import { spawnScript, type Child } from "../../bench/load/processes.js";
import { createDb } from "../../web/server/adapters/prisma/client.js";
import { projectRoot } from "../../scripts/local-stack.js";

export interface StoreOrder {
  id: string;
  tags: string[];
  lineItems: { id: string; sku: string | null }[];
  fulfillmentOrders: {
    lineItems: { lineItemId: string; remainingQuantity: number }[];
    holds: { handle: string }[];
  }[];
}
export interface StoreState {
  products: { variants: { id: string; sku: string }[] }[];
  orders: StoreOrder[];
  metafields: { ownerId: string; key: string; value: string }[];
}
interface Delivery {
  webhookId: string;
  topic: string;
  attempts: { status: number | null }[];
}

export const SHOP = "waitwell-demo.myshopify.com";
/** Continue selling, nothing in stock anywhere: every unit ordered waits. */
export const WAITING_SKU = "TB-BOOT-09";
/** 40 + 15 in stock: 25 single units all ship. */
export const IN_STOCK_SKU = "MTS-SM";

/** The dev store in its own process, its webhooks addressed to the app at `appPort`. */
export async function startDevStoreProcess(appPort: number): Promise<Child<{ url: string }>> {
  return spawnScript<{ url: string }>(path.join(projectRoot, "bench/load/serve-devstore.ts"), {
    DEVSTORE_PORT: "0",
    APP_URL: `http://127.0.0.1:${appPort}`,
    // Throttling is not what these tests are about; it would only slow them down.
    RATE_LIMIT: "off",
  });
}

/** The dev store's control API and state. */
export function devStoreClient(url: string) {
  async function control<T>(route: string, body: unknown): Promise<T> {
    const res = await fetch(`${url}/_devstore${route}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`dev store ${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  return {
    control,
    state: async () => (await (await fetch(`${url}/_devstore/state?shop=${SHOP}`)).json()) as StoreState,
    deliveries: async () =>
      ((await (await fetch(`${url}/_devstore/webhooks?shop=${SHOP}`)).json()) as { deliveries: Delivery[] })
        .deliveries,
    sessionToken: async () => (await control<{ token: string }>("/session-token", { shop: SHOP })).token,
    async variantId(sku: string): Promise<string> {
      const s = (await (await fetch(`${url}/_devstore/state?shop=${SHOP}`)).json()) as StoreState;
      return s.products.flatMap((p) => p.variants).find((v) => v.sku === sku)!.id;
    },
  };
}
export type DevStoreClient = ReturnType<typeof devStoreClient>;

/** A short-lived Prisma client on the test's database. */
export async function withDb<T>(
  url: string,
  fn: (db: Awaited<ReturnType<typeof createDb>>) => Promise<T>,
): Promise<T> {
  const db = await createDb(url);
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
  }
}

/**
 * Every inbox row finished and no Shopify write left to do, plus whatever `more` names as still open (what is left is
 * named on a time-out).
 */
export async function settled(
  databaseUrl: string,
  timeoutMs: number,
  more: () => Promise<unknown[]> = async () => [],
): Promise<void> {
  const open = () =>
    withDb(databaseUrl, async (db) => ({
      inbox: await db.webhookEvent.findMany({
        where: { status: { in: ["PENDING", "PROCESSING"] } },
        select: { topic: true, status: true, attempts: true, lastError: true },
      }),
      writes: await db.shopifyWrite.findMany({
        select: { kind: true, targetId: true, attempts: true, lastError: true, dueAt: true },
      }),
      more: await more(),
    }));
  const startedAt = Date.now();
  const deadline = startedAt + timeoutMs;
  let traced = startedAt;
  for (;;) {
    const left = await open();
    if (left.inbox.length === 0 && left.writes.length === 0 && left.more.length === 0) return;
    if (Date.now() > deadline) throw new Error(`not settled: ${JSON.stringify(left)}`);
    if (process.env.KILL_TEST_TRACE && Date.now() - traced > 3_000) {
      traced = Date.now();
      process.stderr.write(
        `[settling ${Math.round((traced - startedAt) / 1000)} s] ${JSON.stringify(left)}\n`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every webhook the dev store saw answered 2xx is in the inbox, finished (processed or knowingly ignored). */
export async function expectNothingAcknowledgedLost(
  store: DevStoreClient,
  databaseUrl: string,
): Promise<void> {
  const acknowledged = (await store.deliveries()).filter((d) =>
    d.attempts.some((a) => a.status !== null && a.status >= 200 && a.status < 300),
  );
  expect(acknowledged.length).toBeGreaterThan(0);
  const rows = await withDb(databaseUrl, (db) =>
    db.webhookEvent.findMany({ select: { webhookId: true, status: true } }),
  );
  const status = new Map(rows.map((r) => [r.webhookId, r.status]));
  expect(
    acknowledged
      .filter((d) => !["PROCESSED", "IGNORED"].includes(status.get(d.webhookId) ?? "missing"))
      .map((d) => ({ topic: d.topic, status: status.get(d.webhookId) ?? "missing" })),
  ).toEqual([]);
}

/** Per order: what the dev store shows of Waitwell's decision (units held by our holds, the tag, the metafield). */
export function shown(s: StoreState, orderId: string) {
  const o = s.orders.find((x) => x.id === orderId)!;
  let held = 0;
  for (const fo of o.fulfillmentOrders)
    if (fo.holds.some((h) => h.handle.startsWith("waitwell-")))
      held += fo.lineItems.reduce((sum, l) => sum + l.remainingQuantity, 0);
  const metafield = s.metafields.find((m) => m.ownerId === orderId && m.key === "backorder");
  const lines = metafield ? (JSON.parse(metafield.value) as { lines: { waiting: number }[] }).lines : null;
  return {
    held,
    tagged: o.tags.includes("backorder"),
    waitingInMetafield: lines ? lines.reduce((sum, l) => sum + l.waiting, 0) : null,
  };
}
/** A single-unit order waiting for stock, as the dev store shows it. */
export const waitingShown = { held: 1, tagged: true, waitingInMetafield: 1 };
/** A single-unit order released by a restock. */
export const releasedShown = { held: 0, tagged: false, waitingInMetafield: 0 };
