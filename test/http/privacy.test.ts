import { describe, expect, it } from "vitest";
import { createHarness, OTHER_SHOP, payloads, SHOP, type Harness } from "./harness.js";

const CUSTOMER = "191167";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER}`;

async function deliver(h: Harness, topic: string, body: string, shop = SHOP): Promise<string> {
  const res = await h.webhook(topic, body, { "X-Shopify-Shop-Domain": shop });
  expect(res.status).toBe(200);
  return res.body.id as string;
}

/** Orders of our customer, an order of theirs placed as a guest, someone else's order, and the same in another shop. */
async function seed(h: Harness) {
  const rows = {
    theirs: await deliver(h, "orders/create", payloads.order("820982911946154508", CUSTOMER)),
    guestOrder: await deliver(
      h,
      "orders/updated",
      payloads.order("299938", "555").replace(/"customer":\{[^}]*\}/, '"customer":null'),
    ),
    someoneElse: await deliver(h, "orders/create", payloads.order("1001", "777")),
    otherShop: await deliver(h, "orders/create", payloads.order("820982911946154508", CUSTOMER), OTHER_SHOP),
  };
  await h.worker.drain();
  return rows;
}

describe("privacy webhooks", () => {
  it("customers/data_request stores an export of every row naming the customer or a requested order", async () => {
    const h = createHarness();
    const rows = await seed(h);
    await deliver(h, "customers/data_request", payloads.customersDataRequest(CUSTOMER, ["299938"], "9999"));
    await h.worker.drain();
    const [stored, ...more] = await h.repositories.exports.listByShop(SHOP);
    expect(more).toEqual([]);
    expect(stored).toMatchObject({ customerId: CUSTOMER_GID, dataRequestId: "9999" });
    const data = stored!.data as { webhooks: { id: string; topic: string; payload: unknown }[] };
    const ids = data.webhooks.map((w) => w.id);
    expect(ids).toEqual(expect.arrayContaining([rows.theirs, rows.guestOrder]));
    expect(ids).not.toContain(rows.someoneElse);
    expect(ids).not.toContain(rows.otherShop);
    // 64-bit ids survive into the export exactly.
    expect(data.webhooks.find((w) => w.id === rows.theirs)?.payload).toMatchObject({
      id: "820982911946154508",
    });
    expect(await h.repositories.exports.listByShop(OTHER_SHOP)).toEqual([]);
  });

  it("customers/data_request redelivered as a new webhook for the same request makes no second export", async () => {
    const h = createHarness();
    await deliver(h, "customers/data_request", payloads.customersDataRequest(CUSTOMER, [], "9999"));
    await deliver(h, "customers/data_request", payloads.customersDataRequest(CUSTOMER, [], "9999"));
    await h.worker.drain();
    expect(await h.repositories.exports.listByShop(SHOP)).toHaveLength(1);
  });

  it("customers/redact erases the customer's payloads and exports in that shop only", async () => {
    const h = createHarness();
    const rows = await seed(h);
    await deliver(h, "customers/data_request", payloads.customersDataRequest(CUSTOMER, [], "1"));
    await deliver(
      h,
      "customers/data_request",
      payloads.customersDataRequest(CUSTOMER, [], "2", OTHER_SHOP),
      OTHER_SHOP,
    );
    await h.worker.drain();
    const redact = await deliver(h, "customers/redact", payloads.customersRedact(CUSTOMER, ["299938"]));
    await h.worker.drain();

    for (const id of [rows.theirs, rows.guestOrder, redact]) {
      const row = await h.inbox.get(SHOP, id);
      expect(row).toMatchObject({ payload: '{"redacted":true}', customerId: null });
      expect(row?.payload).not.toContain("example.com");
    }
    expect((await h.inbox.get(SHOP, redact))?.status).toBe("PROCESSED");
    expect((await h.inbox.get(SHOP, rows.someoneElse))?.payload).toContain("jon@example.com");
    expect((await h.inbox.get(OTHER_SHOP, rows.otherShop))?.customerId).toBe(CUSTOMER_GID);
    expect(await h.repositories.exports.listByShop(SHOP)).toEqual([]);
    expect(await h.repositories.exports.listByShop(OTHER_SHOP)).toHaveLength(1);
    // A later data request finds nothing personal: rows about the order keep only their envelope.
    expect(await h.inbox.findByCustomer(SHOP, CUSTOMER_GID, [])).toEqual([]);
    const aboutOrder = await h.inbox.findByCustomer(SHOP, CUSTOMER_GID, ["gid://shopify/Order/299938"]);
    expect(aboutOrder.map((e) => e.payload)).toEqual(['{"redacted":true}']);
  });

  it("app/uninstalled deletes the shop's sessions and marks it uninstalled, keeping its data", async () => {
    const h = createHarness();
    await h.api("/api/shop");
    await h.api("/api/shop", OTHER_SHOP);
    const order = await deliver(h, "orders/create", payloads.order());
    await deliver(h, "app/uninstalled", payloads.appUninstalled());
    await h.worker.drain();
    expect(await h.repositories.sessions.findByShop(SHOP)).toEqual([]);
    expect((await h.repositories.shops.get(SHOP))?.uninstalledAt).toEqual(h.clock.now());
    expect(await h.inbox.get(SHOP, order)).not.toBeNull();
    expect(await h.repositories.sessions.findByShop(OTHER_SHOP)).toHaveLength(1);
    expect((await h.repositories.shops.get(OTHER_SHOP))?.uninstalledAt).toBeNull();
  });

  it("a stale app/uninstalled (triggered before the latest install) leaves the new install alone", async () => {
    const h = createHarness();
    const uninstalledBefore = new Date(h.clock.now().getTime() - 60_000).toISOString();
    await h.api("/api/shop");
    await h.webhook("app/uninstalled", payloads.appUninstalled(), {
      "X-Shopify-Triggered-At": uninstalledBefore,
    });
    await h.worker.drain();
    expect(await h.repositories.sessions.findByShop(SHOP)).toHaveLength(1);
    expect((await h.repositories.shops.get(SHOP))?.uninstalledAt).toBeNull();
  });

  it("shop/redact erases everything of the shop, itself included, and nothing of others", async () => {
    const h = createHarness();
    await h.api("/api/shop");
    await h.api("/api/shop", OTHER_SHOP);
    await seed(h);
    await deliver(h, "customers/data_request", payloads.customersDataRequest(CUSTOMER, [], "1"));
    await deliver(
      h,
      "customers/data_request",
      payloads.customersDataRequest(CUSTOMER, [], "2", OTHER_SHOP),
      OTHER_SHOP,
    );
    await deliver(h, "shop/redact", payloads.shopRedact());
    await h.worker.drain();

    expect(await h.repositories.sessions.findByShop(SHOP)).toEqual([]);
    expect(await h.repositories.shops.get(SHOP)).toBeNull();
    expect(await h.inbox.list(SHOP, { limit: 10 })).toEqual({ events: [], nextCursor: null });
    expect(await h.repositories.exports.listByShop(SHOP)).toEqual([]);

    expect(await h.repositories.sessions.findByShop(OTHER_SHOP)).toHaveLength(1);
    expect(await h.repositories.shops.get(OTHER_SHOP)).not.toBeNull();
    expect((await h.inbox.list(OTHER_SHOP, { limit: 10 })).events).toHaveLength(2);
    expect(await h.repositories.exports.listByShop(OTHER_SHOP)).toHaveLength(1);
  });

  it.each([
    ["customers/redact", `{"shop_domain":"${SHOP}","customer":{"email":"no-id@example.com"}}`],
    ["customers/data_request", `{"shop_domain":"${SHOP}","customer":{"id":"abc"}}`],
  ])("%s with a payload that does not fit is dead-lettered, not retried", async (topic, body) => {
    const h = createHarness();
    const id = await deliver(h, topic, body);
    await h.worker.drain();
    expect(await h.inbox.get(SHOP, id)).toMatchObject({ status: "DEAD", attempts: 1 });
  });
});
