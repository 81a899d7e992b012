/**
 * Erasure is complete where it counts: in the database itself. Real stack (dev store + Waitwell), an order with a
 * customer, then the dev store's customers/redact and, 48 hours after an uninstall, shop/redact. On SQLite the
 * database FILE and its WAL are searched byte for byte; on PostgreSQL every row of every table of every schema (the
 * app's and pg-boss's: PostgreSQL runs its default job queue, WAITWELL_QUEUE=pg-boss, whose job rows live in the
 * `pgboss` schema), as text.
 */
import { existsSync, readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../web/server/adapters/prisma/client.js";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/db.js";
import { devStoreControl, eventually, startTestStack } from "../support/stack.js";

type Stack = Awaited<ReturnType<typeof startTestStack>>;

const kinds: ("sqlite" | "postgresql")[] = [
  "sqlite",
  ...((await postgresAvailable()) ? (["postgresql"] as const) : []),
];

describe.each(kinds)("privacy erasure leaves no trace in the database (%s)", (kind) => {
  let stack: Stack;
  let database: TestDatabase | undefined;
  let db: Db;
  const email = `erase.me.${randomUUID().slice(0, 8)}@example.com`;

  beforeAll(async () => {
    database = kind === "postgresql" ? await createTestDatabase("postgresql") : undefined;
    await database?.db.$disconnect();
    stack = await startTestStack(
      database
        ? // PostgreSQL's default queue: jobs are rows of pg-boss's schema, which erasure must reach too.
          { databaseUrl: database.url, env: { WAITWELL_QUEUE: "pg-boss" } }
        : {},
    );
    db = stack.app.db;
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await database?.cleanup();
  });

  /** Where `needle` still is: file names (SQLite) or table names (PostgreSQL). */
  async function traces(needle: string): Promise<string[]> {
    if (kind === "sqlite") {
      const file = stack.config.databaseUrl.replace(/^file:/, "");
      return [file, `${file}-wal`].filter(
        (f) => existsSync(f) && readFileSync(f).includes(Buffer.from(needle, "utf8")),
      );
    }
    const tables = await db.$queryRawUnsafe<{ name: string }[]>(
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
       WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    );
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["pgboss.job", 'public."Shop"']));
    const found: string[] = [];
    for (const { name } of tables) {
      const rows = await db.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM ${name} t WHERE t::text ILIKE $1`,
        `%${needle}%`,
      );
      if (Number(rows[0]?.n ?? 0) > 0) found.push(name);
    }
    return found;
  }

  async function processed(topic: string): Promise<boolean> {
    const rows = await db.webhookEvent.findMany({ where: { topic } });
    return rows.length > 0 && rows.every((r) => r.status === "PROCESSED");
  }

  /** Every delivery processed and nothing new for a second. */
  async function settled(): Promise<void> {
    let last = -1;
    await eventually(async () => {
      const rows = await db.webhookEvent.findMany({ select: { status: true } });
      const done = rows.every((r) => r.status === "PROCESSED" || r.status === "IGNORED");
      const same = rows.length === last;
      last = rows.length;
      if (!(done && same)) await new Promise((r) => setTimeout(r, 1_000));
      return done && same;
    }, 30_000);
  }

  it("customers/redact erases the customer's email from every table, the file and the WAL", async () => {
    const state = (await (await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`)).json()) as {
      products: { variants: { id: string; sku: string | null }[] }[];
    };
    const variantId = state.products.flatMap((p) => p.variants).find((v) => v.sku)!.id;
    await devStoreControl(stack, "/orders", {
      shop: stack.shop,
      lines: [{ variantId, quantity: 500 }],
      customer: { email, firstName: "Erasmus", lastName: "Gone" },
    });
    const order = await eventually(
      () => db.backorderOrder.findFirst({ where: { shop: stack.shop, customerEmail: email } }),
      20_000,
    );
    expect(await traces(email)).not.toEqual([]);
    // Shopify sends customers/redact days after the request; by then the order's own webhooks (our tag and hold
    // writes come back as orders/updated carrying the email) are long done.
    await settled();

    // customers/data_request: the export holds what the backorder tables keep on the customer.
    const customer = order.customerId!.split("/").pop();
    await devStoreControl(stack, `/customers/${customer}/data-request`, { shop: stack.shop });
    const exported = await eventually(() =>
      db.dataExport.findFirst({ where: { customerId: order.customerId! } }),
    );
    const data = (typeof exported.data === "string" ? JSON.parse(exported.data) : exported.data) as {
      backorders: { orderId: string; customerEmail: string | null }[];
    };
    expect(data.backorders).toEqual([
      expect.objectContaining({ orderId: order.orderId, customerEmail: email }),
    ]);

    await devStoreControl(stack, `/customers/${order.customerId!.split("/").pop()}/redact`, {
      shop: stack.shop,
    });
    await eventually(() => processed("customers/redact"), 20_000);
    expect(await traces(email)).toEqual([]);
    expect(await traces("Erasmus")).toEqual([]);
    // The order itself stays (what happened), without whom.
    expect(await db.backorderOrder.count({ where: { shop: stack.shop, orderId: order.orderId } })).toBe(1);
  }, 60_000);

  it("shop/redact erases every row of the shop: its domain is nowhere in the database", async () => {
    expect(await traces(stack.shop)).not.toEqual([]);
    await devStoreControl(stack, `/apps/${stack.config.shopify.apiKey}/uninstall`, { shop: stack.shop });
    await eventually(() => processed("app/uninstalled"), 20_000);
    await devStoreControl(stack, "/clock/advance", { ms: 48 * 3_600_000 + 1_000 });
    await eventually(async () => (await db.shop.count({ where: { domain: stack.shop } })) === 0, 20_000);
    await eventually(async () => (await traces(stack.shop)).length === 0, 10_000).catch(() => undefined);
    expect(await traces(stack.shop)).toEqual([]);
  }, 60_000);
});
