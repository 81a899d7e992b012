/**
 * Storefront availability over the dev store, end to end: Waitwell's HTTP API and app proxy, its database (SQLite always, PostgreSQL
 * when reachable), the dev store's Admin API, webhooks and control API.
 *
 * A variant runs out, sells on backorder with an ETA from Shopify's incoming stock, hits its cap and flips to DENY,
 * then a restock flips it back; its availability metafield on the dev store follows each step. A second variant sells
 * on backorder against a supplier feed: the order's line waits in the backorder engine and is promised the feed's
 * date; a new CSV moves its ETA and a slip is recorded against that line.
 *
 * Both are driven by webhooks alone: orders/create, inventory_levels/update and products/update reach the backorder
 * engine and the availability services through the inbox; the engine's stored waiting lines are the queues ETAs and
 * promises are computed from, and the engine asks for a re-evaluation whenever they change.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createPrismaRepositories } from "../../web/server/adapters/prisma/index.js";
import { PrismaAvailabilityRepository } from "../../web/server/adapters/prisma/availability-repository.js";
import { signAppProxyQuery } from "../../web/server/adapters/shopify/app-proxy-signature.js";
import { parseAvailability, type AvailabilityPayload } from "../../web/server/domain/storefront/index.js";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/db.js";
import { devStoreControl, eventually, startTestStack } from "../support/stack.js";

type Stack = Awaited<ReturnType<typeof startTestStack>>;

interface StoreVariant {
  id: string;
  sku: string;
  inventoryPolicy: "DENY" | "CONTINUE";
  inventoryQuantity: number;
}

interface StoreState {
  products: { id: string; variants: StoreVariant[] }[];
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
  // The stack opens its own client on the database; ours was only needed to create it.
  await database?.db.$disconnect();
  const stack = await startTestStack(database ? { databaseUrl: database.url } : {});
  running.push({ stack, ...(database ? { database } : {}) });
  return stack;
}

async function state(stack: Stack): Promise<StoreState> {
  const res = await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`);
  return (await res.json()) as StoreState;
}

async function variantBySku(stack: Stack, sku: string): Promise<StoreVariant & { productId: string }> {
  for (const product of (await state(stack)).products) {
    const variant = product.variants.find((v) => v.sku === sku);
    if (variant) return { ...variant, productId: product.id };
  }
  throw new Error(`no variant ${sku} on the dev store`);
}

/** Polls until `read()` matches `expected` (webhooks reach the app asynchronously), then asserts it once more. */
async function expectEventually(
  read: () => Promise<unknown>,
  expected: Record<string, unknown>,
): Promise<void> {
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

/** Webhooks delivered, the inbox worked off and the availability syncs finished, until a round finds nothing new. */
async function settle(stack: Stack): Promise<void> {
  for (let round = 0; round < 10; round++) {
    await stack.devStore.webhooksIdle();
    const processed = await stack.app.worker.drain();
    await stack.app.availabilitySync.idle();
    if (processed === 0) return;
  }
  throw new Error("webhooks kept arriving after 10 rounds");
}

/** The variant's availability metafield as the dev store holds it (what the theme and checkout would read). */
async function metafield(stack: Stack, variantId: string): Promise<AvailabilityPayload | null> {
  const found = (await state(stack)).metafields.find(
    (m) => m.ownerId === variantId && m.key === "availability" && /^app--[^-]+$/.test(m.namespace),
  );
  if (found) expect(found.type).toBe("json");
  return found ? parseAvailability(found.value) : null;
}

async function api(stack: Stack, method: string, path: string, body?: unknown, type = "application/json") {
  const res = await fetch(`${stack.app.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${await stack.sessionToken()}`, "Content-Type": type },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return {
    status: res.status,
    body: res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>),
  };
}

async function order(stack: Stack, variantId: string, quantity: number) {
  return devStoreControl<{ id: string; lineItems: { id: string; variantId: string; quantity: number }[] }>(
    stack,
    "/orders",
    { lines: [{ variantId, quantity }], customer: { email: "ada@example.com" } },
  );
}

/** A storefront request through the app proxy, signed as Shopify signs it. */
async function proxy(stack: Stack, variantId: string) {
  const query = new URLSearchParams({
    shop: stack.shop,
    logged_in_customer_id: "",
    path_prefix: "/apps/waitwell",
    timestamp: String(Math.floor(Date.now() / 1000)),
    variant: variantId,
  });
  query.set("signature", signAppProxyQuery(query, stack.config.shopify.apiSecret));
  const res = await fetch(`${stack.app.url}/apps/waitwell/availability?${query}`);
  return { status: res.status, cacheControl: res.headers.get("cache-control"), body: await res.json() };
}

/**
 * Dates for the scenario, relative to today (the app runs on the real clock): a Monday at least two weeks out, so
 * every date below is in the future and "one business day after" never crosses a weekend.
 */
const MONDAY = (() => {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + 14);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d;
})();
/** The ISO date `days` after MONDAY. */
const day = (days: number) => new Date(MONDAY.getTime() + days * 86_400_000).toISOString().slice(0, 10);

const pgAvailable = await postgresAvailable();

for (const kind of ["sqlite", "postgresql"] as const) {
  describe.skipIf(kind === "postgresql" && !pgAvailable)(`availability over the dev store (${kind})`, () => {
    it("a variant runs out, sells on backorder with an ETA, hits its cap, flips to DENY, and back on restock", async () => {
      const stack = await start(kind);
      const { availability, availabilitySync } = stack.app;
      const jacket = await variantBySku(stack, "SDJ-XL"); // 1 in stock, DENY
      expect(jacket).toMatchObject({ inventoryPolicy: "DENY", inventoryQuantity: 1 });

      const rule = await api(stack, "POST", "/api/rules", {
        scope: { kind: "variant", variantId: jacket.id },
        settings: { mode: "when_out_of_stock", cap: 3, etaSource: { kind: "incoming" }, handlingDays: 1 },
      });
      expect(rule.status).toBe(201);
      await availabilitySync.idle();
      // Armed: with stock on hand CONTINUE costs nothing, and the first backorder needs no API call.
      expect(await variantBySku(stack, "SDJ-XL")).toMatchObject({ inventoryPolicy: "CONTINUE" });
      expect(await metafield(stack, jacket.id)).toMatchObject({ state: "in_stock", eta: null, capacity: 3 });

      await devStoreControl(stack, "/incoming", {
        variantId: jacket.id,
        quantity: 10,
        expectedAt: day(2),
      });
      // From here on no test code calls the sync: the dev store's webhooks (orders/create, inventory_levels/update,
      // products/update) drive it through the inbox, as Shopify's would.
      await order(stack, jacket.id, 1); // the last one in stock
      // Out of stock: backorders open, shipping the business day after the Wednesday delivery.
      await expectEventually(() => metafield(stack, jacket.id), {
        state: "backorder",
        eta: { from: day(3), to: day(3), source: "incoming" },
        capacity: 3,
      });

      await order(stack, jacket.id, 2); // two wait
      await expectEventually(() => metafield(stack, jacket.id), { state: "backorder", capacity: 1 });
      expect(await variantBySku(stack, "SDJ-XL")).toMatchObject({
        inventoryPolicy: "CONTINUE",
        inventoryQuantity: -2,
      });

      await order(stack, jacket.id, 1); // the cap: three wait
      await expectEventually(() => variantBySku(stack, "SDJ-XL"), {
        inventoryPolicy: "DENY",
        inventoryQuantity: -3,
      });
      await expectEventually(() => metafield(stack, jacket.id), {
        state: "sold_out",
        eta: null,
        capacity: 0,
      });
      // The dev store now refuses to oversell it, as Shopify would.
      await expect(order(stack, jacket.id, 1)).rejects.toThrow(/422/);

      // The app proxy fallback serves the same answer, signed requests only.
      const served = await proxy(stack, jacket.id);
      expect(served).toMatchObject({ status: 200, cacheControl: "public, max-age=60" });
      expect(served.body).toEqual(await metafield(stack, jacket.id));

      await devStoreControl(stack, "/stock/receive", { variantId: jacket.id, quantity: 5 });
      await expectEventually(() => variantBySku(stack, "SDJ-XL"), {
        inventoryPolicy: "CONTINUE",
        inventoryQuantity: 2,
      });
      await expectEventually(() => metafield(stack, jacket.id), {
        state: "in_stock",
        eta: null,
        capacity: 3,
      });

      // Nothing changed since: nothing is written. The restock's webhooks and the syncs they start may still be in
      // flight when the dev store already shows their result; they finish first.
      await settle(stack);
      expect(await availability.onVariantsChanged(stack.shop, [jacket.id])).toMatchObject({
        policyUpdates: [],
        metafieldCalls: 0,
      });
      const why = await api(stack, "GET", `/api/variants/${encodeURIComponent(jacket.id)}/availability`);
      expect(why.body).toMatchObject({
        rule: { id: rule.body.id, matchedBy: "variant" },
        policy: { current: "CONTINUE", desired: "CONTINUE", reason: "in_stock" },
        synced: { upToDate: true, policy: "CONTINUE" },
      });
    });

    it("an order waits in the engine, is promised the supplier's date, and a later CSV records a slip", async () => {
      const stack = await start(kind);
      const pack = await variantBySku(stack, "RDP-24-EMB"); // 0 in stock, CONTINUE
      expect(
        (
          await api(stack, "POST", "/api/rules", {
            scope: { kind: "variant", variantId: pack.id },
            settings: { mode: "when_out_of_stock", etaSource: { kind: "supplier_feed" }, handlingDays: 1 },
          })
        ).status,
      ).toBe(201);
      const first = await api(
        stack,
        "POST",
        "/api/etas/import?filename=week-49.csv",
        `sku,eta,quantity\nRDP-24-EMB,${day(7)},10\n`,
        "text/csv",
      );
      expect(first).toMatchObject({
        status: 201,
        body: { imported: true, import: { rows: 1, status: "applied" } },
      });
      await stack.app.availabilitySync.idle();

      // From the order on, no test code calls the sync: orders/create and inventory_levels/update reach the engine,
      // the engine stores the waiting line and asks the availability services to re-evaluate its variant.
      const placed = await order(stack, pack.id, 3);
      const line = placed.lineItems[0]!;
      const backorders = createPrismaRepositories(stack.app.db).backorders;
      const promiseRecords = new PrismaAvailabilityRepository(stack.app.db);
      await expectEventually(async () => (await backorders.getLine(stack.shop, line.id)) ?? {}, {
        status: "backordered",
        quantity: 3,
        inStock: 0,
        allocated: 0,
      });
      const promised = { kind: "date", date: day(8), source: "supplier_feed" };
      await expectEventually(
        async () => (await promiseRecords.linePromises(stack.shop, [line.id]))[0] ?? {},
        {
          lineItemId: line.id,
          promised,
          current: promised,
        },
      );
      await expectEventually(() => metafield(stack, pack.id), {
        state: "backorder",
        eta: { from: day(8), to: day(8), source: "supplier_feed" },
      });
      // The admin's "why" view shows the engine's line in the queue, with its ETA.
      const why = await api(stack, "GET", `/api/variants/${encodeURIComponent(pack.id)}/availability`);
      expect(why.body).toMatchObject({ waitingUnits: 3, lines: [{ lineId: line.id, eta: promised }] });

      // The supplier moves the batch a week out.
      const second = await api(stack, "POST", "/api/etas/import", {
        csv: `sku,eta,quantity\nRDP-24-EMB,${day(14)},10\n`,
        filename: "week-50.csv",
      });
      expect(second.status).toBe(201);
      // The import names the line it made late, its order and its customer (recorded when it was applied).
      expect(second.body).toMatchObject({
        import: {
          slipCount: 1,
          slips: [
            {
              lineItemId: line.id,
              orderId: placed.id,
              orderName: expect.stringMatching(/^#\d+$/),
              customerEmail: "ada@example.com",
              promised,
              revised: { kind: "date", date: day(15), source: "supplier_feed" },
            },
          ],
        },
      });
      await stack.app.availabilitySync.idle();
      expect(await metafield(stack, pack.id)).toMatchObject({
        eta: { from: day(15), to: day(15) },
      });
      // The promise made at purchase stands; the new date is recorded beside it, and as a slip.
      expect((await promiseRecords.linePromises(stack.shop, [line.id]))[0]).toMatchObject({
        promised,
        current: { kind: "date", date: day(15), source: "supplier_feed" },
      });

      const slips = await api(stack, "GET", `/api/etas/slips?lineItemId=${encodeURIComponent(line.id)}`);
      expect(slips.body).toEqual({
        slips: [
          {
            id: expect.any(String),
            lineItemId: line.id,
            promised,
            revised: { kind: "date", date: day(15), source: "supplier_feed" },
            detectedAt: expect.any(String),
            notifiedAt: null,
          },
        ],
      });
      const imports = await api(stack, "GET", "/api/etas/imports");
      expect((imports.body.imports as { filename: string }[]).map((i) => i.filename)).toEqual([
        "week-50.csv",
        "week-49.csv",
      ]);
    });
  });
}
