import { describe, expect, it } from "vitest";
import { createAdminExecutor } from "./execute.js";
import { APP_KEY, demoHarness, type Data, type Harness } from "./harness.test-support.js";

/** Mutations as Shopify documents them, with their userErrors and the events they emit. */

const METAFIELDS_SET = `mutation Set($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) { metafields { id namespace key value type compareDigest } userErrors { field message code elementIndex } }
}`;

function orderWithBackorder(h: Harness) {
  // Two boots that are out of stock (CONTINUE) and three socks in stock, all from the warehouse.
  return h.store.placeOrder(h.shop, {
    lines: [
      { variantId: h.variant("TB-BOOT-09"), quantity: 2 },
      { variantId: h.variant("MTS-SM"), quantity: 3 },
    ],
    customer: { email: "ava.thompson@example.com" },
  });
}

describe("metafieldsSet", () => {
  it("refuses more than 25 metafields in one call", async () => {
    const h = demoHarness();
    const order = orderWithBackorder(h);
    const metafields = Array.from({ length: 26 }, (_, i) => ({
      ownerId: order.id,
      namespace: "waitwell",
      key: `k${i}`,
      type: "single_line_text_field",
      value: "x",
    }));
    const d = await h.data(METAFIELDS_SET, { metafields });
    expect(d.metafieldsSet).toEqual({
      metafields: null,
      userErrors: [
        {
          field: ["metafields"],
          message: "Exceeded the maximum metafields input limit of 25.",
          code: "LESS_THAN_OR_EQUAL_TO",
          elementIndex: null,
        },
      ],
    });
    expect(h.state.metafields.size).toBe(0);
  });

  it.each([
    ["a missing type", { type: undefined }, ["metafields", "1", "type"], "BLANK"],
    ["an unknown type", { type: "colour_wheel" }, ["metafields", "1", "type"], "INVALID_TYPE"],
    [
      "a value that does not fit the type",
      { type: "number_integer", value: "three" },
      ["metafields", "1", "value"],
      "INVALID_VALUE",
    ],
    ["a one-letter key", { key: "k" }, ["metafields", "1", "key"], "TOO_SHORT"],
    [
      "an unknown owner",
      { ownerId: "gid://shopify/Order/1" },
      ["metafields", "1", "ownerId"],
      "INVALID_VALUE",
    ],
  ])("is atomic: %s in the second input writes nothing", async (_name, override, field, code) => {
    const h = demoHarness();
    const order = orderWithBackorder(h);
    const good = { ownerId: order.id, namespace: "waitwell", key: "eta", type: "date", value: "2026-04-01" };
    const bad = { ...good, key: "promise", type: "single_line_text_field", value: "3", ...override };
    const d = await h.data(METAFIELDS_SET, { metafields: [good, bad] });
    expect(d.metafieldsSet.metafields).toBeNull();
    expect(d.metafieldsSet.userErrors).toEqual([expect.objectContaining({ field, code, elementIndex: 1 })]);
    expect(h.state.metafields.size).toBe(0);
  });

  it("compare-and-set with compareDigest: null means 'must not exist', a stale digest is STALE_OBJECT", async () => {
    const h = demoHarness();
    const order = orderWithBackorder(h);
    const base = { ownerId: order.id, namespace: "waitwell", key: "state", type: "json" };
    const created = await h.data(METAFIELDS_SET, {
      metafields: [{ ...base, value: '{"v":1}', compareDigest: null }],
    });
    expect(created.metafieldsSet.userErrors).toEqual([]);
    const digest1 = created.metafieldsSet.metafields[0].compareDigest as string;

    const again = await h.data(METAFIELDS_SET, {
      metafields: [{ ...base, value: '{"v":2}', compareDigest: null }],
    });
    expect(again.metafieldsSet.userErrors).toEqual([
      expect.objectContaining({ code: "STALE_OBJECT", field: ["metafields", "0", "compareDigest"] }),
    ]);

    const updated = await h.data(METAFIELDS_SET, {
      metafields: [{ ...base, value: '{"v":2}', compareDigest: digest1 }],
    });
    expect(updated.metafieldsSet.userErrors).toEqual([]);
    expect(updated.metafieldsSet.metafields[0].compareDigest).not.toBe(digest1);

    const stale = await h.data(METAFIELDS_SET, {
      metafields: [{ ...base, value: '{"v":3}', compareDigest: digest1 }],
    });
    expect(stale.metafieldsSet.userErrors).toEqual([expect.objectContaining({ code: "STALE_OBJECT" })]);
    const read = await h.data(
      `query M($id: ID!) { order(id: $id) { metafield(namespace: "waitwell", key: "state") { value jsonValue } } }`,
      { id: order.id },
    );
    expect(read.order.metafield).toEqual({ value: '{"v":2}', jsonValue: { v: 2 } });

    // Without compareDigest there is no check.
    const blind = await h.data(METAFIELDS_SET, { metafields: [{ ...base, value: '{"v":4}' }] });
    expect(blind.metafieldsSet.userErrors).toEqual([]);
  });

  it("stores $app namespaces as app--{appId}--… and reads them back through $app", async () => {
    const h = demoHarness();
    const order = orderWithBackorder(h);
    const appId = h.store.app(APP_KEY).id;
    const set = await h.data(METAFIELDS_SET, {
      metafields: [
        { ownerId: order.id, namespace: "$app:backorder", key: "lines", type: "json", value: "[1]" },
        { ownerId: order.id, key: "plain", type: "boolean", value: "true" },
      ],
    });
    expect(set.metafieldsSet.metafields.map((m: { namespace: string }) => m.namespace)).toEqual([
      `app--${appId}--backorder`,
      `app--${appId}`,
    ]);
    const read = await h.data(
      `query M($id: ID!) { order(id: $id) {
        viaApp: metafield(namespace: "$app:backorder", key: "lines") { value }
        viaStored: metafield(namespace: "app--${appId}--backorder", key: "lines") { value }
        defaultNs: metafield(key: "plain") { jsonValue }
        metafields(first: 5, namespace: "$app:backorder") { nodes { key } } } }`,
      { id: order.id },
    );
    expect(read.order).toEqual({
      viaApp: { value: "[1]" },
      viaStored: { value: "[1]" },
      defaultNs: { jsonValue: true },
      metafields: { nodes: [{ key: "lines" }] },
    });

    // Another app's $app is its own namespace, and it may not write into ours.
    h.store.installApp(h.shop, { apiKey: "other-app", scopes: ["read_orders"] });
    const other = createAdminExecutor(h.store);
    const theirs = await other(
      { shop: h.shop, apiKey: "other-app" },
      `query M($id: ID!) { order(id: $id) { metafield(namespace: "$app:backorder", key: "lines") { value } } }`,
      { id: order.id },
    );
    expect(theirs.data).toEqual({ order: { metafield: null } });
    const intrude = await other({ shop: h.shop, apiKey: "other-app" }, METAFIELDS_SET, {
      metafields: [
        { ownerId: order.id, namespace: `app--${appId}--backorder`, key: "lines", type: "json", value: "[]" },
      ],
    });
    expect((intrude.data as Data).metafieldsSet.userErrors[0].code).toBe("APP_NOT_AUTHORIZED");
  });
});

describe("tagsAdd / tagsRemove", () => {
  const ADD = `mutation Add($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { ... on Order { tags } ... on Product { tags } } userErrors { field message } } }`;
  const REMOVE = `mutation Remove($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) { node { ... on Order { tags } } userErrors { field message } } }`;

  it("adds without duplicates (case-insensitive, comma-split) and removes, emitting orders/updated per change", async () => {
    const h = demoHarness();
    const order = h.store.placeOrder(h.shop, {
      lines: [{ variantId: h.variant("MTS-SM"), quantity: 1 }],
      tags: ["existing"],
    });
    const mark = h.events.length;
    const added = await h.data(ADD, { id: order.id, tags: ["backorder", "Existing", "eta:2026-04-01, vip"] });
    expect(added.tagsAdd).toEqual({
      node: { tags: ["existing", "backorder", "eta:2026-04-01", "vip"] },
      userErrors: [],
    });
    const removed = await h.data(REMOVE, { id: order.id, tags: ["BACKORDER", "missing"] });
    expect(removed.tagsRemove.node.tags).toEqual(["existing", "eta:2026-04-01", "vip"]);
    const noop = await h.data(REMOVE, { id: order.id, tags: ["missing"] });
    expect(noop.tagsRemove.userErrors).toEqual([]);
    expect(h.topics(mark)).toEqual(["orders/updated", "orders/updated"]);
    expect(h.events[h.events.length - 1]!.payload.tags).toBe("existing, eta:2026-04-01, vip");
  });

  it("tags products too, and reports an unknown node", async () => {
    const h = demoHarness();
    const product = `gid://shopify/Product/${h.state.productList[0]!.id}`;
    const d = await h.data(ADD, { id: product, tags: ["waitwell-managed"] });
    expect(d.tagsAdd.node.tags).toContain("waitwell-managed");
    expect(h.topics()).toEqual(["products/update"]);
    const missing = await h.data(ADD, { id: "gid://shopify/Order/1", tags: ["x"] });
    expect(missing.tagsAdd).toEqual({
      node: null,
      userErrors: [{ field: ["id"], message: "Order does not exist" }],
    });
  });
});

const HOLD = `mutation Hold($id: ID!, $hold: FulfillmentOrderHoldInput!) {
  fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
    fulfillmentHold { id handle reason reasonNotes heldByRequestingApp heldByApp { apiKey } }
    fulfillmentOrder { id status lineItems(first: 10) { nodes { id totalQuantity remainingQuantity lineItem { sku } } } }
    remainingFulfillmentOrder { id status lineItems(first: 10) { nodes { totalQuantity lineItem { sku } } } }
    userErrors { field message code }
  }
}`;
const RELEASE = `mutation Release($id: ID!, $holdIds: [ID!]) {
  fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) { fulfillmentOrder { status fulfillmentHolds { handle } } userErrors { field message code } }
}`;

describe("fulfillment holds", () => {
  function setup() {
    const h = demoHarness();
    const order = orderWithBackorder(h);
    const fo = order.fulfillmentOrders[0]!;
    const bootLine = fo.lineItems.find((l) => l.lineItemId === order.lineItems[0]!.id)!;
    return { h, order, fo, bootLine };
  }

  it("a hold on some line items splits the fulfillment order: held part ON_HOLD, the rest OPEN and fulfillable", async () => {
    const { h, order, fo, bootLine } = setup();
    const mark = h.events.length;
    const d = await h.data(HOLD, {
      id: fo.id,
      hold: {
        reason: "INVENTORY_OUT_OF_STOCK",
        reasonNotes: "US 9 backordered",
        handle: "waitwell:boots",
        fulfillmentOrderLineItems: [{ id: bootLine.id, quantity: 2 }],
      },
    });
    const r = d.fulfillmentOrderHold;
    expect(r.userErrors).toEqual([]);
    expect(r.fulfillmentHold).toMatchObject({
      handle: "waitwell:boots",
      reason: "INVENTORY_OUT_OF_STOCK",
      reasonNotes: "US 9 backordered",
      heldByRequestingApp: true,
      heldByApp: { apiKey: APP_KEY },
    });
    expect(r.fulfillmentOrder).toMatchObject({
      id: fo.id,
      status: "ON_HOLD",
      lineItems: { nodes: [{ totalQuantity: 2, remainingQuantity: 2, lineItem: { sku: "TB-BOOT-09" } }] },
    });
    expect(r.remainingFulfillmentOrder).toMatchObject({
      status: "OPEN",
      lineItems: { nodes: [{ totalQuantity: 3, lineItem: { sku: "MTS-SM" } }] },
    });
    expect(h.topics(mark)).toEqual(["fulfillment_orders/placed_on_hold"]);

    // Shopify refuses to fulfil a held fulfillment order; the remaining one ships.
    expect(() => h.store.fulfill(h.shop, { fulfillmentOrderId: fo.id })).toThrow(
      /unfulfillable status= on_hold/,
    );
    h.store.fulfill(h.shop, { fulfillmentOrderId: r.remainingFulfillmentOrder.id });
    const status = await h.data(
      `query O($id: ID!) { order(id: $id) { displayFulfillmentStatus fulfillmentOrders(first: 5) { nodes { status } } } }`,
      { id: order.id },
    );
    expect(status.order).toEqual({
      displayFulfillmentStatus: "PARTIALLY_FULFILLED",
      fulfillmentOrders: { nodes: [{ status: "ON_HOLD" }, { status: "CLOSED" }] },
    });

    const released = await h.data(RELEASE, { id: fo.id, holdIds: [r.fulfillmentHold.id] });
    expect(released.fulfillmentOrderReleaseHold).toEqual({
      fulfillmentOrder: { status: "OPEN", fulfillmentHolds: [] },
      userErrors: [],
    });
    expect(h.topics(mark).slice(-1)).toEqual(["fulfillment_orders/hold_released"]);
  });

  it("a hold on every remaining unit holds the whole fulfillment order without splitting", async () => {
    const { h, order, fo } = setup();
    const d = await h.data(HOLD, {
      id: fo.id,
      hold: {
        reason: "OTHER",
        fulfillmentOrderLineItems: fo.lineItems.map((l) => ({ id: l.id, quantity: l.totalQuantity })),
      },
    });
    expect(d.fulfillmentOrderHold.remainingFulfillmentOrder).toBeNull();
    expect(d.fulfillmentOrderHold.fulfillmentOrder.status).toBe("ON_HOLD");
    expect(h.store.orderSummary(h.shop, order.id).fulfillmentOrders).toHaveLength(1);
  });

  it("allows several holds with distinct handles; the fulfillment order opens when the last is released", async () => {
    const { h, fo } = setup();
    const one = await h.data(HOLD, { id: fo.id, hold: { reason: "INVENTORY_OUT_OF_STOCK", handle: "a" } });
    const two = await h.data(HOLD, { id: fo.id, hold: { reason: "AWAITING_PAYMENT", handle: "b" } });
    expect(two.fulfillmentOrderHold.userErrors).toEqual([]);
    const first = await h.data(RELEASE, {
      id: fo.id,
      holdIds: [one.fulfillmentOrderHold.fulfillmentHold.id],
    });
    expect(first.fulfillmentOrderReleaseHold.fulfillmentOrder).toEqual({
      status: "ON_HOLD",
      fulfillmentHolds: [{ handle: "b" }],
    });
    const rest = await h.data(RELEASE, { id: fo.id, holdIds: [two.fulfillmentOrderHold.fulfillmentHold.id] });
    expect(rest.fulfillmentOrderReleaseHold.fulfillmentOrder.status).toBe("OPEN");
  });

  it.each([
    [
      "a duplicate handle from the same app",
      async (h: Harness, fo: string) => {
        await h.data(HOLD, { id: fo, hold: { reason: "OTHER", handle: "same" } });
        return { id: fo, hold: { reason: "OTHER", handle: "same" } };
      },
      { field: ["fulfillmentHold", "handle"], code: "DUPLICATE_FULFILLMENT_HOLD_HANDLE" },
    ],
    [
      "line items on an already held fulfillment order",
      async (h: Harness, fo: string, line: string) => {
        await h.data(HOLD, { id: fo, hold: { reason: "OTHER", handle: "first" } });
        return {
          id: fo,
          hold: { reason: "OTHER", handle: "second", fulfillmentOrderLineItems: [{ id: line, quantity: 1 }] },
        };
      },
      { field: ["fulfillmentHold", "fulfillmentOrderLineItems"], code: "FULFILLMENT_ORDER_NOT_SPLITTABLE" },
    ],
    [
      "an eleventh hold from the same app",
      async (h: Harness, fo: string) => {
        for (let i = 0; i < 10; i++)
          await h.data(HOLD, { id: fo, hold: { reason: "OTHER", handle: `h${i}` } });
        return { id: fo, hold: { reason: "OTHER", handle: "h10" } };
      },
      { field: ["id"], code: "FULFILLMENT_ORDER_HOLD_LIMIT_REACHED" },
    ],
    [
      "more units than remain",
      async (_h: Harness, fo: string, line: string) => ({
        id: fo,
        hold: { reason: "OTHER", fulfillmentOrderLineItems: [{ id: line, quantity: 3 }] },
      }),
      {
        field: ["fulfillmentHold", "fulfillmentOrderLineItems", "0", "quantity"],
        code: "INVALID_LINE_ITEM_QUANTITY",
      },
    ],
    [
      "zero units",
      async (_h: Harness, fo: string, line: string) => ({
        id: fo,
        hold: { reason: "OTHER", fulfillmentOrderLineItems: [{ id: line, quantity: 0 }] },
      }),
      { field: ["fulfillmentHold", "fulfillmentOrderLineItems", "0", "quantity"], code: "GREATER_THAN_ZERO" },
    ],
    [
      "an unknown fulfillment order",
      async () => ({ id: "gid://shopify/FulfillmentOrder/1", hold: { reason: "OTHER" } }),
      { field: ["id"], code: "FULFILLMENT_ORDER_NOT_FOUND" },
    ],
  ])("refuses %s", async (_name, prepare, expected) => {
    const { h, fo, bootLine } = setup();
    const vars = await prepare(h, fo.id, bootLine.id);
    const before = JSON.stringify(h.store.snapshot(h.shop));
    const d = await h.data(HOLD, vars);
    expect(d.fulfillmentOrderHold.userErrors).toEqual([expect.objectContaining(expected)]);
    expect(d.fulfillmentOrderHold.fulfillmentHold).toBeNull();
    expect(JSON.stringify(h.store.snapshot(h.shop))).toBe(before);
  });

  it("the same handle is fine for another app", async () => {
    const { h, fo } = setup();
    await h.data(HOLD, { id: fo.id, hold: { reason: "OTHER", handle: "shared" } });
    h.store.installApp(h.shop, {
      apiKey: "other-app",
      scopes: ["write_merchant_managed_fulfillment_orders"],
    });
    const other = createAdminExecutor(h.store);
    const r = await other({ shop: h.shop, apiKey: "other-app" }, HOLD, {
      id: fo.id,
      hold: { reason: "OTHER", handle: "shared" },
    });
    expect((r.data as Data).fulfillmentOrderHold.userErrors).toEqual([]);
    expect((r.data as Data).fulfillmentOrderHold.fulfillmentHold.heldByRequestingApp).toBe(true);
  });
});

describe("order editing", () => {
  it("substitutes a line: begin, add a variant, set the old line to 0 with restock, commit", async () => {
    const h = demoHarness();
    const order = orderWithBackorder(h);
    expect(h.levels("TB-BOOT-09", "Main Warehouse")).toMatchObject({ available: -2, committed: 2 });
    const begin = await h.data(
      `mutation B($id: ID!) { orderEditBegin(id: $id) { calculatedOrder { id lineItems(first: 5) { nodes { id sku quantity editableQuantity } } } userErrors { message } } }`,
      { id: order.id },
    );
    const calc = begin.orderEditBegin.calculatedOrder;
    expect(calc.lineItems.nodes.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([
      ["TB-BOOT-09", 2],
      ["MTS-SM", 3],
    ]);
    const bootCalc = calc.lineItems.nodes[0].id as string;

    const dup = await h.data(
      `mutation A($id: ID!, $v: ID!) { orderEditAddVariant(id: $id, variantId: $v, quantity: 1) { userErrors { field message } } }`,
      { id: calc.id, v: h.variant("MTS-SM") },
    );
    expect(dup.orderEditAddVariant.userErrors).toEqual([
      { field: ["variantId"], message: expect.stringMatching(/already on the order/) },
    ]);

    const add = await h.data(
      `mutation A($id: ID!, $v: ID!) { orderEditAddVariant(id: $id, variantId: $v, quantity: 2) { calculatedLineItem { id sku quantity } calculatedOrder { addedLineItems(first: 5) { nodes { sku } } } userErrors { message } } }`,
      { id: calc.id, v: h.variant("TB-BOOT-08") },
    );
    expect(add.orderEditAddVariant.calculatedLineItem).toMatchObject({ sku: "TB-BOOT-08", quantity: 2 });
    const set = await h.data(
      `mutation S($id: ID!, $line: ID!) { orderEditSetQuantity(id: $id, lineItemId: $line, quantity: 0, restock: true) { calculatedLineItem { quantity restocking } calculatedOrder { subtotalLineItemsQuantity } userErrors { message } } }`,
      { id: calc.id, line: bootCalc },
    );
    expect(set.orderEditSetQuantity).toMatchObject({
      calculatedLineItem: { quantity: 0, restocking: true },
      calculatedOrder: { subtotalLineItemsQuantity: 5 },
      userErrors: [],
    });
    // Nothing moves before commit.
    expect(h.levels("TB-BOOT-09", "Main Warehouse")).toMatchObject({ available: -2, committed: 2 });
    const mark = h.events.length;

    const commit = await h.data(
      `mutation C($id: ID!) { orderEditCommit(id: $id, staffNote: "US 9 → US 8") { order { edited lineItems(first: 5) { nodes { sku quantity currentQuantity } } } userErrors { message } } }`,
      { id: calc.id },
    );
    expect(commit.orderEditCommit.order).toEqual({
      edited: true,
      lineItems: {
        nodes: [
          { sku: "TB-BOOT-09", quantity: 2, currentQuantity: 0 },
          { sku: "MTS-SM", quantity: 3, currentQuantity: 3 },
          { sku: "TB-BOOT-08", quantity: 2, currentQuantity: 2 },
        ],
      },
    });
    expect(h.levels("TB-BOOT-09", "Main Warehouse")).toMatchObject({ available: 0, committed: 0 });
    expect(h.levels("TB-BOOT-08", "Main Warehouse")).toMatchObject({ available: 4, committed: 2 });
    const topics = h.topics(mark);
    expect(topics).toContain("orders/edited");
    expect(topics).toContain("orders/updated");
    expect(topics.filter((t) => t === "inventory_levels/update")).toHaveLength(2);

    const twice = await h.data(
      `mutation C($id: ID!) { orderEditCommit(id: $id) { userErrors { message } } }`,
      { id: calc.id },
    );
    expect(twice.orderEditCommit.userErrors).toEqual([
      { message: "The calculated order has already been committed." },
    ]);
  });
});

describe("inventory mutations", () => {
  const ADJUST = `mutation Adj($input: InventoryAdjustQuantitiesInput!) {
    inventoryAdjustQuantities(input: $input) { inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange item { sku } location { name } } } userErrors { field message code } }
  }`;
  const SET = `mutation Set($input: InventorySetQuantitiesInput!) {
    inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { changes(quantityNames: ["available"]) { delta quantityAfterChange } } userErrors { field message code } }
  }`;

  it("inventoryAdjustQuantities moves available (and on_hand) and emits inventory_levels/update", async () => {
    const h = demoHarness();
    const d = await h.data(ADJUST, {
      input: {
        name: "available",
        reason: "received",
        referenceDocumentUri: "logistics://po/42",
        changes: [
          {
            delta: 5,
            inventoryItemId: h.inventoryItem("TB-BOOT-09"),
            locationId: h.location("Main Warehouse"),
          },
        ],
      },
    });
    expect(d.inventoryAdjustQuantities.inventoryAdjustmentGroup.changes).toEqual([
      {
        name: "available",
        delta: 5,
        quantityAfterChange: 5,
        item: { sku: "TB-BOOT-09" },
        location: { name: "Main Warehouse" },
      },
      {
        name: "on_hand",
        delta: 5,
        quantityAfterChange: 5,
        item: { sku: "TB-BOOT-09" },
        location: { name: "Main Warehouse" },
      },
    ]);
    expect(h.topics()).toEqual(["inventory_levels/update", "products/update"]);
  });

  it.each([
    ["an unknown quantity name", { name: "committed" }, "INVALID_QUANTITY_NAME"],
    ["an unknown reason", { reason: "because" }, "INVALID_REASON"],
    [
      "a location that does not stock the item",
      { location: "Downtown Store", sku: "TB-BOOT-11" },
      "ITEM_NOT_STOCKED_AT_LOCATION",
    ],
  ])(
    "inventoryAdjustQuantities refuses %s",
    async (_name, o: { name?: string; reason?: string; location?: string; sku?: string }, code) => {
      const h = demoHarness();
      const d = await h.data(ADJUST, {
        input: {
          name: o.name ?? "available",
          reason: o.reason ?? "correction",
          changes: [
            {
              delta: 1,
              inventoryItemId: h.inventoryItem(o.sku ?? "MTS-SM"),
              locationId: h.location(o.location ?? "Main Warehouse"),
            },
          ],
        },
      });
      expect(d.inventoryAdjustQuantities.userErrors.map((e: { code: string }) => e.code)).toEqual([code]);
      expect(h.events).toEqual([]);
    },
  );

  it("inventorySetQuantities checks compareQuantity", async () => {
    const h = demoHarness();
    const q = (compareQuantity?: number | null) => ({
      input: {
        name: "available",
        reason: "cycle_count_available",
        quantities: [
          {
            inventoryItemId: h.inventoryItem("MTS-SM"),
            locationId: h.location("Main Warehouse"),
            quantity: 30,
            ...(compareQuantity === undefined ? {} : { compareQuantity }),
          },
        ],
      },
    });
    expect((await h.data(SET, q())).inventorySetQuantities.userErrors[0].code).toBe(
      "COMPARE_QUANTITY_REQUIRED",
    );
    expect((await h.data(SET, q(39))).inventorySetQuantities.userErrors[0].code).toBe(
      "COMPARE_QUANTITY_STALE",
    );
    const ok = await h.data(SET, q(40));
    expect(ok.inventorySetQuantities).toEqual({
      inventoryAdjustmentGroup: { changes: [{ delta: -10, quantityAfterChange: 30 }] },
      userErrors: [],
    });
    const ignored = await h.data(SET, {
      input: {
        ...q().input,
        ignoreCompareQuantity: true,
        quantities: [{ ...q().input.quantities[0]!, quantity: 31 }],
      },
    });
    expect(ignored.inventorySetQuantities.userErrors).toEqual([]);
    expect(h.levels("MTS-SM", "Main Warehouse").available).toBe(31);
  });
});

describe("productVariantsBulkUpdate", () => {
  const BULK = `mutation Bulk($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants) {
      productVariants { sku inventoryPolicy metafield(namespace: "$app:backorder", key: "eta") { value } inventoryItem { unitCost { amount } } }
      userErrors { field message code }
    }
  }`;

  it("switches a variant to CONTINUE with an app metafield, emitting products/update and inventory_items/update", async () => {
    const h = demoHarness();
    const product = `gid://shopify/Product/${h.state.productList[1]!.id}`;
    const d = await h.data(BULK, {
      productId: product,
      variants: [
        {
          id: h.variant("SDJ-L"),
          inventoryPolicy: "CONTINUE",
          inventoryItem: { cost: "99.5" },
          metafields: [{ namespace: "$app:backorder", key: "eta", type: "date", value: "2026-05-01" }],
        },
      ],
    });
    expect(d.productVariantsBulkUpdate).toEqual({
      productVariants: [
        {
          sku: "SDJ-L",
          inventoryPolicy: "CONTINUE",
          metafield: { value: "2026-05-01" },
          inventoryItem: { unitCost: { amount: "99.5" } },
        },
      ],
      userErrors: [],
    });
    expect(h.topics()).toEqual(["products/update", "inventory_items/update"]);
    expect(
      (h.events[0]!.payload.variants as { sku: string; inventory_policy: string }[]).find(
        (v) => v.sku === "SDJ-L",
      )!.inventory_policy,
    ).toBe("continue");
  });

  it.each([
    [
      "a variant of another product",
      (h: Harness) => [{ id: h.variant("TB-BOOT-08"), inventoryPolicy: "CONTINUE" }],
      "MUST_BE_FOR_THIS_PRODUCT",
    ],
    [
      "an unknown variant",
      () => [{ id: "gid://shopify/ProductVariant/1", inventoryPolicy: "CONTINUE" }],
      "PRODUCT_VARIANT_DOES_NOT_EXIST",
    ],
    [
      "a negative price",
      (h: Harness) => [{ id: h.variant("SDJ-L"), price: "-1.00" }],
      "NEGATIVE_PRICE_VALUE",
    ],
    [
      "inventory quantities",
      (h: Harness) => [
        {
          id: h.variant("SDJ-L"),
          inventoryQuantities: [{ locationId: h.location("Main Warehouse"), availableQuantity: 3 }],
        },
      ],
      "NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE",
    ],
  ])("refuses %s and changes nothing", async (_name, variants, code) => {
    const h = demoHarness();
    const product = `gid://shopify/Product/${h.state.productList[1]!.id}`;
    const d = await h.data(BULK, {
      productId: product,
      variants: [{ id: h.variant("SDJ-M"), inventoryPolicy: "CONTINUE" }, ...variants(h)],
    });
    expect(d.productVariantsBulkUpdate.productVariants).toBeNull();
    expect(d.productVariantsBulkUpdate.userErrors.map((e: { code: string }) => e.code)).toEqual([code]);
    expect(h.state.variantList.find((v) => v.sku === "SDJ-M")!.inventoryPolicy).toBe("DENY");
    expect(h.events).toEqual([]);
  });
});

describe("refunds, cancellation, discounts and fulfillments", () => {
  it("refundCreate with CANCEL restocks unfulfilled units and shrinks the fulfillment order", async () => {
    const h = demoHarness();
    const order = orderWithBackorder(h);
    const d = await h.data(
      `mutation R($input: RefundInput!) { refundCreate(input: $input) { refund { totalRefundedSet { shopMoney { amount } } refundLineItems(first: 5) { nodes { quantity restockType restocked location { name } } } }
        order { displayFinancialStatus lineItems(first: 5) { nodes { sku currentQuantity unfulfilledQuantity } } } userErrors { field message } } }`,
      {
        input: {
          orderId: order.id,
          refundLineItems: [{ lineItemId: order.lineItems[1]!.id, quantity: 2, restockType: "CANCEL" }],
          // Money moves only through transactions, as in Shopify.
          transactions: [{ orderId: order.id, gateway: "bogus", kind: "REFUND", amount: "36.00" }],
        },
      },
    );
    expect(d.refundCreate).toEqual({
      refund: {
        totalRefundedSet: { shopMoney: { amount: "36.0" } },
        refundLineItems: {
          nodes: [
            { quantity: 2, restockType: "CANCEL", restocked: true, location: { name: "Main Warehouse" } },
          ],
        },
      },
      order: {
        displayFinancialStatus: "PARTIALLY_REFUNDED",
        lineItems: {
          nodes: [
            { sku: "TB-BOOT-09", currentQuantity: 2, unfulfilledQuantity: 2 },
            { sku: "MTS-SM", currentQuantity: 1, unfulfilledQuantity: 1 },
          ],
        },
      },
      userErrors: [],
    });
    expect(h.levels("MTS-SM", "Main Warehouse")).toMatchObject({ available: 39, committed: 1 });
    const tooMany = await h.data(
      `mutation R($input: RefundInput!) { refundCreate(input: $input) { userErrors { field message } } }`,
      {
        input: {
          orderId: order.id,
          refundLineItems: [{ lineItemId: order.lineItems[1]!.id, quantity: 2, restockType: "RETURN" }],
        },
      },
    );
    expect(tooMany.refundCreate.userErrors[0].field).toEqual(["refundLineItems", "0", "quantity"]);
  });

  it("orderCancel (2025-01: refund, restock, reason) answers with a finished job", async () => {
    const h = demoHarness();
    const order = orderWithBackorder(h);
    const CANCEL = `mutation C($id: ID!) { orderCancel(orderId: $id, refund: true, restock: true, reason: CUSTOMER, staffNote: "asked") { job { done } orderCancelUserErrors { field message code } } }`;
    const d = await h.data(CANCEL, { id: order.id });
    expect(d.orderCancel).toEqual({ job: { done: true }, orderCancelUserErrors: [] });
    expect(h.levels("TB-BOOT-09", "Main Warehouse")).toMatchObject({ available: 0, committed: 0 });
    const read = await h.data(
      `query O($id: ID!) { order(id: $id) { cancelReason cancelledAt displayFinancialStatus closed } }`,
      { id: order.id },
    );
    expect(read.order).toMatchObject({
      cancelReason: "CUSTOMER",
      displayFinancialStatus: "REFUNDED",
      closed: true,
    });
    const again = await h.data(CANCEL, { id: order.id });
    expect(again.orderCancel).toEqual({
      job: null,
      orderCancelUserErrors: [
        { field: ["orderId"], message: "Order has already been cancelled", code: "INVALID" },
      ],
    });
  });

  it("discountCodeBasicCreate creates a code once", async () => {
    const h = demoHarness();
    const CREATE = `mutation D($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) {
      codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { title status codes(first: 1) { nodes { code } } customerGets { value { ... on DiscountPercentage { percentage } } } } } }
      userErrors { field message code } } }`;
    const input = {
      title: "Sorry for the wait",
      code: "WAITWELL10",
      startsAt: "2026-03-01T00:00:00Z",
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
      customerSelection: { all: true },
    };
    const d = await h.data(CREATE, { d: input });
    expect(d.discountCodeBasicCreate.codeDiscountNode.codeDiscount).toEqual({
      title: "Sorry for the wait",
      status: "ACTIVE",
      codes: { nodes: [{ code: "WAITWELL10" }] },
      customerGets: { value: { percentage: 0.1 } },
    });
    const taken = await h.data(CREATE, { d: input });
    expect(taken.discountCodeBasicCreate.userErrors).toEqual([
      {
        field: ["basicCodeDiscount", "code"],
        message: "Code must be unique. Please try a different code.",
        code: "TAKEN",
      },
    ]);
    const blank = await h.data(CREATE, { d: { ...input, code: "" } });
    expect(blank.discountCodeBasicCreate.userErrors.map((e: { code: string }) => e.code)).toEqual(["BLANK"]);
  });

  it("fulfillmentCreate ships with tracking and refuses a held fulfillment order", async () => {
    const h = demoHarness();
    const order = orderWithBackorder(h);
    const fo = order.fulfillmentOrders[0]!;
    const FULFIL = `mutation F($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { status totalQuantity trackingInfo { number company } } userErrors { field message } } }`;
    await h.data(HOLD, { id: fo.id, hold: { reason: "OTHER" } });
    const held = await h.data(FULFIL, {
      f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] },
    });
    expect(held.fulfillmentCreate.userErrors[0].message).toMatch(/on_hold/);
    await h.data(RELEASE, { id: fo.id });
    const d = await h.data(FULFIL, {
      f: {
        trackingInfo: { number: "1Z999", company: "UPS" },
        lineItemsByFulfillmentOrder: [
          {
            fulfillmentOrderId: fo.id,
            fulfillmentOrderLineItems: [{ id: fo.lineItems[1]!.id, quantity: 3 }],
          },
        ],
      },
    });
    expect(d.fulfillmentCreate).toEqual({
      fulfillment: {
        status: "SUCCESS",
        totalQuantity: 3,
        trackingInfo: [{ number: "1Z999", company: "UPS" }],
      },
      userErrors: [],
    });
    expect(h.levels("MTS-SM", "Main Warehouse")).toMatchObject({ available: 37, committed: 0, on_hand: 37 });
    expect(h.topics().slice(-2)).toEqual(["orders/partially_fulfilled", "orders/updated"]);
  });
});
