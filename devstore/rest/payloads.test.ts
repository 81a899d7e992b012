import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { APP_KEY, demoHarness, type Data } from "../graphql/harness.test-support.js";
import type { StoreEvent } from "../model/types.js";

/**
 * Every webhook payload the dev store emits, validated against the JSON Schema for its topic in the npm package
 * shopify-webhook-schemas (API 2026-07). One scenario drives every topic.
 *
 * The package's schemas are inferred from Shopify's sample payloads, so a few constraints are stricter than what
 * Shopify itself sends; those are relaxed below, each with the evidence:
 *  - arrays inferred as `items: false` (always empty in the samples): `refunds`, `returns`, `line_item_groups`,
 *    `duties`, `tax_exemptions`… Shopify fills `refunds` on orders/updated after a refund
 *    (https://shopify.dev/docs/api/admin-rest/latest/resources/order: "refunds: A list of refunds applied to the order").
 *  - products/update `image` is required as an object, but Shopify's own 2026-07 sample for the topic sends
 *    `"image": null` for a product without images (https://shopify.dev/docs/api/webhooks/2026-07?reference=toml#list-of-topics-products/update).
 *  - fulfillment_orders/placed_on_hold `remaining_fulfillment_order` and `reason_notes` are required non-null, but a
 *    hold on a whole fulfillment order has no remaining one, and reasonNotes is optional in FulfillmentOrderHoldInput.
 *  - refunds/create `note` and `user_id` are required non-null, but the REST Refund resource documents the note as
 *    optional ("An optional note attached to a refund") and `user_id` as the staff user who refunded: a refund an app
 *    creates has neither (https://shopify.dev/docs/api/admin-rest/latest/resources/refund).
 * Nothing else is relaxed: all `required` lists, types and formats apply as published.
 */

const require = createRequire(import.meta.url);
const { schemaForWebhook } = require("shopify-webhook-schemas") as {
  schemaForWebhook(version: string, topic: string): Record<string, unknown> | undefined;
};

const API_VERSION = "2026-07";

type Json = Record<string, unknown>;

function allowEmptyInferredArrays(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowEmptyInferredArrays);
  if (node === null || typeof node !== "object") return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node))
    out[k] = k === "items" && v === false ? {} : allowEmptyInferredArrays(v);
  return out;
}

/** `path` walks properties; "[]" steps into an array's items. */
function allowNull(schema: Json, path: string[]): void {
  let node: Json = schema;
  for (const key of path) node = (key === "[]" ? node.items : (node.properties as Json)[key]) as Json;
  const type = node.type;
  node.type = Array.isArray(type) ? [...new Set([...type, "null"])] : [type, "null"];
}

const NULLABLE_IN_PRACTICE: Record<string, string[][]> = {
  "refunds/create": [["note"], ["user_id"]],
  "products/update": [["image"]],
  "fulfillment_orders/placed_on_hold": [
    ["remaining_fulfillment_order"],
    ["created_fulfillment_hold", "reason_notes"],
    ["fulfillment_order", "fulfillment_holds", "[]", "reason_notes"],
  ],
};

function schemaFor(topic: string): Json {
  const published = schemaForWebhook(API_VERSION, topic);
  if (!published) throw new Error(`shopify-webhook-schemas has no ${API_VERSION} schema for ${topic}`);
  const schema = allowEmptyInferredArrays(structuredClone(published)) as Json;
  for (const path of NULLABLE_IN_PRACTICE[topic] ?? []) allowNull(schema, path);
  return schema;
}

/** The topics the dev store emits; each must show up in the scenario below. */
const EMITTED_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "orders/edited",
  "orders/fulfilled",
  "orders/partially_fulfilled",
  "inventory_levels/update",
  "inventory_items/update",
  "products/update",
  "app/uninstalled",
  "shop/redact",
  "customers/redact",
  "customers/data_request",
  "fulfillment_orders/placed_on_hold",
  "fulfillment_orders/hold_released",
  "refunds/create",
];

async function scenario(): Promise<StoreEvent[]> {
  const h = demoHarness();
  const ava = { email: "ava.thompson@example.com" };
  // A backorder (CONTINUE below zero) plus an in-stock line, then a second order to cancel.
  const first = h.store.placeOrder(h.shop, {
    lines: [
      { variantId: h.variant("TB-BOOT-09"), quantity: 2, properties: [{ name: "Gift wrap", value: "yes" }] },
      { variantId: h.variant("MTS-SM"), quantity: 3 },
    ],
    customer: ava,
    tags: ["preorder"],
    noteAttributes: [{ name: "source", value: "scenario" }],
  });
  const second = h.store.placeOrder(h.shop, {
    lines: [{ variantId: h.variant("RDP-24-SLT"), quantity: 1 }],
    customer: { email: "maya.patel@example.com" },
    channel: "pos",
  });
  h.store.placeOrder(h.shop, {
    lines: [{ variantId: h.variant("SDJ-S"), quantity: 1 }],
    customer: { email: "noah.garcia@example.com" },
    channel: "draft_order",
  });

  // inventory_items/update and products/update through the Admin API.
  const boots = h.state.productList[0]!;
  await h.data(
    `mutation Cost($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
      productVariantsBulkUpdate(productId: $productId, variants: $variants) { userErrors { field message } }
    }`,
    {
      productId: `gid://shopify/Product/${boots.id}`,
      variants: [
        { id: h.variant("TB-BOOT-09"), inventoryPolicy: "CONTINUE", inventoryItem: { cost: "64.50" } },
      ],
    },
  );
  await h.data(
    `mutation Tag($id: ID!) { tagsAdd(id: $id, tags: ["backorder"]) { userErrors { message } } }`,
    { id: first.id },
  );

  // Hold the backordered units (a partial hold splits the fulfillment order), fulfil the rest, release.
  const fo = first.fulfillmentOrders[0]!;
  const bootLine = fo.lineItems.find((l) => l.lineItemId === first.lineItems[0]!.id)!;
  const hold = await h.data(
    `mutation Hold($id: ID!, $hold: FulfillmentOrderHoldInput!) {
      fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) { fulfillmentHold { id } remainingFulfillmentOrder { id lineItems(first: 5) { nodes { id } } } userErrors { message } }
    }`,
    {
      id: fo.id,
      hold: {
        reason: "INVENTORY_OUT_OF_STOCK",
        reasonNotes: "Waiting for boots",
        handle: "waitwell-backorder",
        fulfillmentOrderLineItems: [{ id: bootLine.id, quantity: 2 }],
      },
    },
  );
  const remaining = hold.fulfillmentOrderHold.remainingFulfillmentOrder.id as string;
  h.store.fulfill(h.shop, { fulfillmentOrderId: remaining });
  await h.data(
    `mutation Release($id: ID!, $holdIds: [ID!]) { fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) { userErrors { message } } }`,
    {
      id: fo.id,
      holdIds: [hold.fulfillmentOrderHold.fulfillmentHold.id],
    },
  );
  // A whole-order hold (no split) on the POS order, released again.
  await h.data(
    `mutation Hold($id: ID!) { fulfillmentOrderHold(id: $id, fulfillmentHold: { reason: OTHER }) { userErrors { message } } }`,
    { id: second.fulfillmentOrders[0]!.id },
  );
  await h.data(
    `mutation Release($id: ID!) { fulfillmentOrderReleaseHold(id: $id) { userErrors { message } } }`,
    { id: second.fulfillmentOrders[0]!.id },
  );

  // Substitute through an order edit: add the US 8 boot, drop one US 9.
  const begin = await h.data(
    `mutation Begin($id: ID!) { orderEditBegin(id: $id) { calculatedOrder { id lineItems(first: 10) { nodes { id sku } } } userErrors { message } } }`,
    { id: first.id },
  );
  const calc = begin.orderEditBegin.calculatedOrder;
  const bootCalcLine = calc.lineItems.nodes.find((l: { sku: string }) => l.sku === "TB-BOOT-09").id as string;
  await h.data(
    `mutation Add($id: ID!, $v: ID!) { orderEditAddVariant(id: $id, variantId: $v, quantity: 1) { userErrors { message } } }`,
    { id: calc.id, v: h.variant("TB-BOOT-08") },
  );
  await h.data(
    `mutation Qty($id: ID!, $line: ID!) { orderEditSetQuantity(id: $id, lineItemId: $line, quantity: 1, restock: true) { userErrors { message } } }`,
    { id: calc.id, line: bootCalcLine },
  );
  await h.data(
    `mutation Commit($id: ID!) { orderEditCommit(id: $id, staffNote: "substituted") { userErrors { message } } }`,
    { id: calc.id },
  );

  // Refund a sock (returned), fulfil everything left (orders/fulfilled), cancel the POS order.
  await h.data(
    `mutation Refund($input: RefundInput!) { refundCreate(input: $input) { userErrors { field message } } }`,
    {
      input: {
        orderId: first.id,
        refundLineItems: [{ lineItemId: first.lineItems[1]!.id, quantity: 1, restockType: "RETURN" }],
      },
    },
  );
  for (const f of h.store.orderSummary(h.shop, first.id).fulfillmentOrders) {
    if (f.status === "OPEN" || f.status === "IN_PROGRESS")
      h.store.fulfill(h.shop, { fulfillmentOrderId: f.id });
  }
  h.store.cancelOrder(h.shop, second.id, { restock: true, reason: "customer" });

  // Compliance and uninstall.
  h.store.requestCustomerData(h.shop, h.customer(ava.email));
  h.store.redactCustomer(h.shop, h.customer("maya.patel@example.com"));
  h.store.uninstallApp(h.shop, APP_KEY);
  h.store.advanceClock(48 * 60 * 60 * 1000);
  return h.events;
}

describe("webhook payloads validate against shopify-webhook-schemas 2026-07", () => {
  let events: StoreEvent[] = [];
  const validators = new Map<string, ValidateFunction>();
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);

  beforeAll(async () => {
    events = await scenario();
    for (const topic of EMITTED_TOPICS) validators.set(topic, ajv.compile(schemaFor(topic)));
  });

  it("the scenario emits every topic", () => {
    expect(new Set(events.map((e) => e.topic))).toEqual(new Set(EMITTED_TOPICS));
  });

  it.each(EMITTED_TOPICS)("%s", (topic) => {
    const emitted = events.filter((e) => e.topic === topic);
    expect(emitted.length).toBeGreaterThan(0);
    const validate = validators.get(topic)!;
    for (const e of emitted) {
      const valid = validate(e.payload);
      expect(valid ? [] : validate.errors, `${topic} ${JSON.stringify(e.payload).slice(0, 200)}`).toEqual([]);
    }
  });

  it("REST ids are numbers and admin_graphql_api_id is the matching GID", () => {
    for (const e of events.filter((x) => x.topic.startsWith("orders/") && x.topic !== "orders/edited")) {
      const p = e.payload as {
        id: unknown;
        admin_graphql_api_id: unknown;
        line_items: { id: unknown; admin_graphql_api_id: unknown }[];
      };
      expect(typeof p.id).toBe("number");
      expect(p.admin_graphql_api_id).toBe(`gid://shopify/Order/${String(p.id)}`);
      for (const l of p.line_items)
        expect(l.admin_graphql_api_id).toBe(`gid://shopify/LineItem/${String(l.id)}`);
    }
    const level = events.find((x) => x.topic === "inventory_levels/update")!.payload as Record<
      string,
      unknown
    >;
    expect(level.admin_graphql_api_id).toBe(
      `gid://shopify/InventoryLevel/${String(level.location_id)}?inventory_item_id=${String(level.inventory_item_id)}`,
    );
  });

  it("payloads carry what a backorder app reads: negative available, CONTINUE policy, channel, tags", () => {
    const created = events.filter((e) => e.topic === "orders/create").map((e) => e.payload as Data);
    expect(created.map((o) => o.source_name)).toEqual(["web", "pos", "shopify_draft_order"]);
    expect(created[0]!.tags).toBe("preorder");
    expect(created[0]!.cancelled_at).toBeNull();
    expect(created[0]!.line_items[0].variant_inventory_management).toBe("shopify");
    expect(created[0]!.line_items[0].properties).toEqual([{ name: "Gift wrap", value: "yes" }]);
    expect(created[0]!.note_attributes).toEqual([{ name: "source", value: "scenario" }]);
    const negative = events.find(
      (e) => e.topic === "inventory_levels/update" && (e.payload.available as number) < 0,
    );
    expect(negative).toBeDefined();
    const product = events.find((e) => e.topic === "products/update")!.payload as {
      variants: { inventory_policy: string }[];
    };
    expect(product.variants[0]!.inventory_policy).toBe("continue");
    const edited = events.find((e) => e.topic === "orders/edited")!.payload as {
      order_edit: { line_items: { additions: unknown[]; removals: { delta: number }[] }; staff_note: string };
    };
    expect(edited.order_edit.line_items.additions).toHaveLength(1);
    expect(edited.order_edit.line_items.removals).toEqual([expect.objectContaining({ delta: 1 })]);
    expect(edited.order_edit.staff_note).toBe("substituted");
  });

  it("app/uninstalled and shop/redact concern only the uninstalled app, 48 hours apart", () => {
    const uninstalled = events.find((e) => e.topic === "app/uninstalled")!;
    const redact = events.find((e) => e.topic === "shop/redact")!;
    expect(uninstalled.apiKey).toBe(APP_KEY);
    expect(redact.apiKey).toBe(APP_KEY);
    expect(redact.triggeredAt.getTime() - uninstalled.triggeredAt.getTime()).toBe(48 * 60 * 60 * 1000);
  });
});

/** Shopify's own 2026-07 sample payloads, when ../shared is present: every key they have, ours has too. */
const SAMPLES_DIR = path.resolve(import.meta.dirname, "../../../shared/shopify/payloads");
const haveSamples = existsSync(SAMPLES_DIR);
if (!haveSamples) console.warn(`skipping the sample-payload key comparison: ${SAMPLES_DIR} is absent`);

function missingKeys(sample: unknown, ours: unknown, at: string): string[] {
  if (Array.isArray(sample) && Array.isArray(ours))
    return sample.length && ours.length ? missingKeys(sample[0], ours[0], `${at}[]`) : [];
  if (!sample || typeof sample !== "object" || !ours || typeof ours !== "object") return [];
  return Object.entries(sample).flatMap(([k, v]) =>
    k in ours ? missingKeys(v, (ours as Json)[k], `${at}.${k}`) : [`${at}.${k}`],
  );
}

describe.skipIf(!haveSamples)("payloads carry every key of Shopify's sample for the topic", () => {
  let events: StoreEvent[] = [];
  beforeAll(async () => {
    events = await scenario();
  });

  it.each([
    ["orders/create", "orders_create.json"],
    ["orders/updated", "orders_updated.json"],
    ["orders/cancelled", "orders_cancelled.json"],
    ["orders/edited", "orders_edited.json"],
    ["inventory_levels/update", "inventory_levels_update.json"],
    ["inventory_items/update", "inventory_items_update.json"],
    ["products/update", "products_update.json"],
    ["app/uninstalled", "app_uninstalled.json"],
    ["shop/redact", "shop_redact.json"],
    ["customers/redact", "customers_redact.json"],
    ["customers/data_request", "customers_data_request.json"],
    ["fulfillment_orders/placed_on_hold", "fulfillment_orders_placed_on_hold.json"],
    ["fulfillment_orders/hold_released", "fulfillment_orders_hold_released.json"],
  ])("%s (%s)", (topic, file) => {
    const sample: unknown = JSON.parse(readFileSync(path.join(SAMPLES_DIR, file), "utf8"));
    // The richest emitted payload of the topic (orders/updated after fulfilment and refund has every section).
    const ours = events.filter((e) => e.topic === topic).map((e) => e.payload);
    expect(ours.length).toBeGreaterThan(0);
    const best = ours.reduce((a, b) =>
      missingKeys(sample, b, "").length < missingKeys(sample, a, "").length ? b : a,
    );
    expect(missingKeys(sample, best, "")).toEqual([]);
  });
});
