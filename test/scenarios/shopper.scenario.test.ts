/**
 * The shopper's journey after checkout, over the dev store (SQLite always, PostgreSQL when reachable): an order waits
 * on a supplier's date; the promise is written to the order's `$app.backorder` metafield; a new supplier feed moves
 * the date and the metafield follows while the promise made at purchase stands.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseOrderMetafield } from "../../web/server/domain/backorder/index.js";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/db.js";
import { devStoreControl, eventually, startTestStack } from "../support/stack.js";

type Stack = Awaited<ReturnType<typeof startTestStack>>;

interface StoreState {
  products: { id: string; variants: { id: string; sku: string }[] }[];
  metafields: { ownerId: string; namespace: string; key: string; type: string; value: string }[];
}

const running: { stack: Stack; database?: TestDatabase }[] = [];
afterEach(async () => {
  for (const { stack, database } of running.splice(0)) {
    await stack.close();
    await database?.cleanup();
  }
});

async function start(kind: "sqlite" | "postgresql"): Promise<Stack> {
  const database = kind === "postgresql" ? await createTestDatabase("postgresql") : undefined;
  await database?.db.$disconnect();
  const stack = await startTestStack(database ? { databaseUrl: database.url } : {});
  running.push({ stack, ...(database ? { database } : {}) });
  return stack;
}

async function state(stack: Stack): Promise<StoreState> {
  const res = await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`);
  return (await res.json()) as StoreState;
}

async function variantBySku(stack: Stack, sku: string): Promise<string> {
  for (const product of (await state(stack)).products) {
    const variant = product.variants.find((v) => v.sku === sku);
    if (variant) return variant.id;
  }
  throw new Error(`no variant ${sku} on the dev store`);
}

/** The order's `$app.backorder` metafield as the dev store holds it (what the order-status extension reads). */
async function orderMetafield(stack: Stack, orderId: string) {
  const found = (await state(stack)).metafields.find(
    (m) => m.ownerId === orderId && m.key === "backorder" && /^app--[^-]+$/.test(m.namespace),
  );
  return found ? parseOrderMetafield(found.value) : null;
}

async function api(stack: Stack, method: string, path: string, body?: unknown, type = "application/json") {
  const res = await fetch(`${stack.app.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${await stack.sessionToken()}`, "Content-Type": type },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function expectEventually(read: () => Promise<unknown>, expected: Record<string, unknown>) {
  await eventually(async () => {
    try {
      expect(await read()).toMatchObject(expected);
      return true;
    } catch {
      return false;
    }
  }, 15_000).catch(() => undefined);
  expect(await read()).toMatchObject(expected);
}

/** A Monday at least two weeks out: every date below is in the future. */
const MONDAY = (() => {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + 14);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d;
})();
const day = (days: number) => new Date(MONDAY.getTime() + days * 86_400_000).toISOString().slice(0, 10);

const pgAvailable = await postgresAvailable();

for (const kind of ["sqlite", "postgresql"] as const) {
  describe.skipIf(kind === "postgresql" && !pgAvailable)(`the shopper after checkout (${kind})`, () => {
    it("the promise reaches the order metafield, and a supplier feed moves it", async () => {
      const stack = await start(kind);
      const pack = await variantBySku(stack, "RDP-24-EMB"); // 0 in stock, CONTINUE
      const rule = await api(stack, "POST", "/api/rules", {
        scope: { kind: "variant", variantId: pack },
        settings: { mode: "when_out_of_stock", etaSource: { kind: "supplier_feed" }, handlingDays: 1 },
      });
      expect(rule.status).toBe(201);
      const feed = `sku,eta,quantity\nRDP-24-EMB,${day(7)},10\n`;
      expect((await api(stack, "POST", "/api/etas/import", feed, "text/csv")).status).toBe(201);
      await stack.app.availabilitySync.idle();

      const placed = await devStoreControl<{ id: string; lineItems: { id: string }[] }>(stack, "/orders", {
        lines: [{ variantId: pack, quantity: 2 }],
        customer: { email: "ada@example.com", firstName: "Ada" },
        noteAttributes: [{ name: "_waitwell_backorder_ack", value: new Date().toISOString() }],
      });
      const line = placed.lineItems[0]!;
      const promised = { from: day(8), to: day(8), source: "supplier_feed" };
      await expectEventually(async () => (await orderMetafield(stack, placed.id)) ?? {}, {
        lines: [
          { lineItemId: line.id, shipNow: 0, waiting: 2, status: "backordered", eta: promised, promised },
        ],
      });

      // The supplier moves the batch a week out: the order shows the new date beside the promise.
      const later = `sku,eta,quantity\nRDP-24-EMB,${day(14)},10\n`;
      expect((await api(stack, "POST", "/api/etas/import", later, "text/csv")).status).toBe(201);
      await expectEventually(async () => (await orderMetafield(stack, placed.id)) ?? {}, {
        lines: [
          { lineItemId: line.id, eta: { from: day(15), to: day(15), source: "supplier_feed" }, promised },
        ],
      });
    });
  });
}
