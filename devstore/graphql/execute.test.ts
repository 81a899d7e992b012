import { describe, expect, it } from "vitest";
import { DevStore } from "../model/store.js";
import { createAdminExecutor } from "./execute.js";
import { APP_KEY, demoCatalog, demoHarness } from "./harness.test-support.js";

/** Reading through the Admin GraphQL executor: validation as Shopify reports it, honest gaps, pagination, search. */

describe("validation against Shopify's real Admin schema", () => {
  it("rejects a field Shopify lacks (InventoryLevel.available) with Shopify's error shape and no data", async () => {
    const h = demoHarness();
    const result = await h.gql(`query Levels($id: ID!) { inventoryLevel(id: $id) { id available } }`, {
      id: "gid://shopify/InventoryLevel/1?inventory_item_id=2",
    });
    expect(JSON.parse(JSON.stringify(result))).toEqual({
      errors: [
        {
          message: "Field 'available' doesn't exist on type 'InventoryLevel'",
          locations: [{ line: 1, column: 55 }],
          path: ["query Levels", "inventoryLevel", "available"],
          extensions: { code: "undefinedField", typeName: "InventoryLevel", fieldName: "available" },
        },
      ],
    });
  });

  it.each([
    [
      "an unknown argument",
      `{ product(id: "gid://shopify/Product/1", foo: 1) { id } }`,
      {
        message: "Field 'product' doesn't accept argument 'foo'",
        extensions: { code: "argumentNotAccepted", name: "product", typeName: "Field", argumentName: "foo" },
      },
    ],
    [
      "a missing required argument",
      `{ product { id } }`,
      {
        message: "Field 'product' is missing required arguments: id",
        extensions: {
          code: "missingRequiredArguments",
          className: "Field",
          name: "product",
          arguments: "id",
        },
      },
    ],
    [
      "an object without selections",
      `{ shop }`,
      {
        message:
          "Field must have selections (field 'shop' returns Shop! but has no selections. Did you mean 'shop { ... }'?)",
        extensions: { code: "selectionMismatch" },
      },
    ],
    [
      "selections on a scalar",
      `{ shop { name { x } } }`,
      {
        message:
          "Selections can't be made on scalars (field 'name' returns String! but has selections [...])",
        extensions: { code: "selectionMismatch" },
      },
    ],
    [
      "an unused variable",
      `query Q($x: ID) { shop { name } }`,
      {
        message: "Variable $x is declared by Q but not used",
        extensions: { code: "variableNotUsed", variableName: "x" },
      },
    ],
    [
      "a bad enum literal",
      `mutation M { fulfillmentOrderHold(id: "gid://shopify/FulfillmentOrder/1", fulfillmentHold: { reason: BACKORDER }) { userErrors { message } } }`,
      {
        message: expect.stringMatching(
          /^Argument 'fulfillmentHold' on Field 'fulfillmentOrderHold' has an invalid value/,
        ),
        extensions: { code: "argumentLiteralsIncompatible" },
      },
    ],
  ])("rejects %s", async (_name, query, expected) => {
    const h = demoHarness();
    const result = await h.gql(query);
    expect(result.data).toBeUndefined();
    expect(JSON.parse(JSON.stringify(result.errors))[0]).toMatchObject(expected);
  });

  it("reports a syntax error as graphql-ruby does", async () => {
    const h = demoHarness();
    const result = await h.gql(`{ shop { name }`);
    expect(result.errors![0]!.message).toBe('Parse error on "end of file" at [1, 16]');
  });

  it("reports a missing variable as Shopify does", async () => {
    const h = demoHarness();
    const result = await h.gql(`query O($id: ID!) { order(id: $id) { id } }`, {});
    expect(JSON.parse(JSON.stringify(result.errors))).toEqual([
      {
        message: "Variable $id of type ID! was provided invalid value",
        locations: [{ line: 1, column: 9 }],
        extensions: {
          code: "INVALID_VARIABLE",
          value: null,
          problems: [{ path: [], explanation: "Expected value to not be null" }],
        },
      },
    ]);
  });

  it("names the path of an invalid variable value", async () => {
    const h = demoHarness();
    const result = await h.gql(
      `mutation S($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { message } } }`,
      {
        input: {
          name: "available",
          reason: "correction",
          quantities: [{ inventoryItemId: "x", locationId: "y", quantity: "lots" }],
        },
      },
    );
    const ext = JSON.parse(JSON.stringify(result.errors))[0].extensions;
    expect(ext.code).toBe("INVALID_VARIABLE");
    expect(ext.problems[0].path).toEqual(["quantities", 0, "quantity"]);
  });
});

describe("what the dev store does not implement says so", () => {
  it.each([
    [
      "a root field",
      `{ publications(first: 1) { nodes { id } } }`,
      "publications is not implemented in the dev store",
    ],
    [
      "a mutation",
      `mutation { webhookSubscriptionDelete(id: "gid://shopify/WebhookSubscription/1") { deletedWebhookSubscriptionId } }`,
      "webhookSubscriptionDelete is not implemented in the dev store",
    ],
    [
      "a nested field",
      `{ shop { resourceLimits { maxProductVariants } } }`,
      "Shop.resourceLimits is not implemented in the dev store",
    ],
  ])("%s", async (_name, query, message) => {
    const h = demoHarness();
    const result = await h.gql(query);
    expect(result.errors?.map((e) => e.message)).toEqual([message]);
    expect(result.errors![0]!.extensions).toEqual({ code: "NOT_IMPLEMENTED" });
  });
});

describe("reads", () => {
  it("a variant with its inventory item, levels and named quantities", async () => {
    const h = demoHarness();
    h.store.placeOrder(h.shop, { lines: [{ variantId: h.variant("TB-BOOT-08"), quantity: 2 }] });
    h.store.scheduleIncoming(h.shop, {
      variantId: h.variant("TB-BOOT-08"),
      quantity: 10,
      expectedAt: "2026-04-15",
    });
    const d = await h.data(
      `query V($id: ID!, $loc: ID!) { productVariant(id: $id) {
        sku inventoryPolicy inventoryQuantity price product { title }
        inventoryItem { tracked unitCost { amount currencyCode }
          inventoryLevel(locationId: $loc) { quantities(names: ["available", "committed", "on_hand", "incoming", "reserved"]) { name quantity }
            scheduledChanges(first: 5) { nodes { expectedAt quantity fromName toName } } } } } }`,
      { id: h.variant("TB-BOOT-08"), loc: h.location("Main Warehouse") },
    );
    expect(d.productVariant).toEqual({
      sku: "TB-BOOT-08",
      inventoryPolicy: "CONTINUE",
      inventoryQuantity: 6,
      price: "149.00",
      product: { title: "Trailblazer Hiking Boot" },
      inventoryItem: {
        tracked: true,
        unitCost: { amount: "62.0", currencyCode: "USD" },
        inventoryLevel: {
          quantities: [
            { name: "available", quantity: 4 },
            { name: "committed", quantity: 2 },
            { name: "on_hand", quantity: 6 },
            { name: "incoming", quantity: 10 },
            { name: "reserved", quantity: 0 },
          ],
          scheduledChanges: {
            nodes: [
              { expectedAt: "2026-04-15T00:00:00Z", quantity: 10, fromName: "incoming", toName: "available" },
            ],
          },
        },
      },
    });
  });

  it("an order with line items, customer, attributes and fulfillment orders", async () => {
    const h = demoHarness();
    const order = h.store.placeOrder(h.shop, {
      lines: [
        { variantId: h.variant("RDP-24-MOS"), quantity: 2, properties: [{ name: "Engraving", value: "AT" }] },
      ],
      customer: { email: "ava.thompson@example.com" },
      tags: ["first", "second"],
      noteAttributes: [{ name: "gift", value: "no" }],
      channel: "pos",
    });
    const d = await h.data(
      `query O($id: ID!) { order(id: $id) { name sourceName tags displayFulfillmentStatus displayFinancialStatus customAttributes { key value }
        customer { email tags } totalPriceSet { shopMoney { amount currencyCode } }
        lineItems(first: 5) { nodes { sku quantity currentQuantity unfulfilledQuantity customAttributes { key value } variant { id } } }
        fulfillmentOrders(first: 5) { nodes { status assignedLocation { name location { id } } lineItems(first: 5) { nodes { totalQuantity remainingQuantity } } } } } }`,
      { id: order.id },
    );
    expect(d.order).toEqual({
      name: "#1001",
      sourceName: "pos",
      tags: ["first", "second"],
      displayFulfillmentStatus: "UNFULFILLED",
      displayFinancialStatus: "PAID",
      customAttributes: [{ key: "gift", value: "no" }],
      customer: { email: "ava.thompson@example.com", tags: ["VIP"] },
      totalPriceSet: { shopMoney: { amount: "178.0", currencyCode: "USD" } },
      lineItems: {
        nodes: [
          {
            sku: "RDP-24-MOS",
            quantity: 2,
            currentQuantity: 2,
            unfulfilledQuantity: 2,
            customAttributes: [{ key: "Engraving", value: "AT" }],
            variant: { id: h.variant("RDP-24-MOS") },
          },
        ],
      },
      fulfillmentOrders: {
        nodes: [
          {
            status: "OPEN",
            assignedLocation: { name: "Main Warehouse", location: { id: h.location("Main Warehouse") } },
            lineItems: { nodes: [{ totalQuantity: 2, remainingQuantity: 2 }] },
          },
        ],
      },
    });
  });

  it("node and nodes resolve any kind within the caller's shop; malformed ids are errors", async () => {
    const h = demoHarness();
    const order = h.store.placeOrder(h.shop, { lines: [{ variantId: h.variant("MTS-SM"), quantity: 1 }] });
    const d = await h.data(`query N($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, {
      ids: [
        order.id,
        h.variant("MTS-SM"),
        h.location("Downtown Store"),
        order.fulfillmentOrders[0]!.id,
        "gid://shopify/Order/1",
      ],
    });
    expect(d.nodes.map((n: { __typename: string } | null) => n?.__typename ?? null)).toEqual([
      "Order",
      "ProductVariant",
      "Location",
      "FulfillmentOrder",
      null,
    ]);
    const bad = await h.gql(`{ order(id: "1001") { id } }`);
    expect(bad.errors![0]!.message).toBe("Invalid global id '1001'");
  });

  it("refuses roots the app has no scope for", async () => {
    const h = demoHarness({ scopes: ["read_products"] });
    const result = await h.gql(`{ orders(first: 1) { nodes { id } } }`);
    expect(result.errors![0]!.message).toBe(
      "Access denied for orders field. Required access: `read_orders` access scope.",
    );
    expect(result.errors![0]!.extensions).toMatchObject({ code: "ACCESS_DENIED" });
    const ok = await h.gql(`{ products(first: 1) { nodes { id } } }`);
    expect(ok.errors).toBeUndefined();
  });

  it("currentAppInstallation knows the calling app and its scopes", async () => {
    const h = demoHarness();
    const d = await h.data(`{ currentAppInstallation { id app { id apiKey } accessScopes { handle } } }`);
    expect(d.currentAppInstallation.app.apiKey).toBe(APP_KEY);
    expect(d.currentAppInstallation.accessScopes.map((s: { handle: string }) => s.handle)).toContain(
      "write_order_edits",
    );
  });

  it("an app only reaches its own shop", async () => {
    const store = new DevStore();
    const a = store.seed(demoCatalog()).shop;
    const other = demoCatalog();
    other.shop.domain = "elsewhere.myshopify.com";
    const b = store.seed(other).shop;
    store.installApp(b, { apiKey: "k", scopes: ["read_orders"] });
    const order = store.placeOrder(a, {
      lines: [
        {
          variantId: (store.snapshot(a) as { products: { variants: { id: string }[] }[] }).products[3]!
            .variants[0]!.id,
          quantity: 1,
        },
      ],
    });
    const run = createAdminExecutor(store);
    const result = await run({ shop: b, apiKey: "k" }, `query O($id: ID!) { order(id: $id) { id } }`, {
      id: order.id,
    });
    expect(result.data).toEqual({ order: null });
  });
});

describe("connections", () => {
  async function skus(h: ReturnType<typeof demoHarness>, args: string) {
    const d = await h.data(
      `{ productVariants(${args}) { edges { cursor node { sku } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
    );
    return d.productVariants as {
      edges: { cursor: string; node: { sku: string } }[];
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
    };
  }

  it("pages forward with first/after and backward with last/before", async () => {
    const h = demoHarness();
    const all = (await skus(h, "first: 250")).edges.map((e) => e.node.sku);
    expect(all).toHaveLength(15);
    const page1 = await skus(h, "first: 4");
    expect(page1.edges.map((e) => e.node.sku)).toEqual(all.slice(0, 4));
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const page2 = await skus(h, `first: 4, after: "${page1.pageInfo.endCursor}"`);
    expect(page2.edges.map((e) => e.node.sku)).toEqual(all.slice(4, 8));
    expect(page2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const back = await skus(h, `last: 3, before: "${page2.pageInfo.startCursor}"`);
    expect(back.edges.map((e) => e.node.sku)).toEqual(all.slice(1, 4));
    expect(back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const tail = await skus(h, "last: 2");
    expect(tail.edges.map((e) => e.node.sku)).toEqual(all.slice(-2));
    expect(tail.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const reversed = await skus(h, "first: 3, reverse: true");
    expect(reversed.edges.map((e) => e.node.sku)).toEqual([...all].reverse().slice(0, 3));
  });

  it.each([
    ["neither first nor last", 'query: ""', "you must provide one of first or last"],
    ["a page over 250", "first: 251", "The `first` argument must be at most 250."],
    ["a garbage cursor", 'first: 1, after: "nope"', "Invalid cursor for current pagination sort."],
  ])("refuses %s", async (_name, args, message) => {
    const h = demoHarness();
    const result = await h.gql(`{ productVariants(${args}) { nodes { id } } }`);
    expect(result.errors?.[0]?.message).toBe(message);
  });

  it("orders(query:) filters by updated_at, tag and status, and warns about unknown fields", async () => {
    const h = demoHarness();
    const a = h.store.placeOrder(h.shop, {
      lines: [{ variantId: h.variant("MTS-SM"), quantity: 1 }],
      tags: ["backorder"],
    });
    h.advance(3_600_000);
    const b = h.store.placeOrder(h.shop, { lines: [{ variantId: h.variant("MTS-SM"), quantity: 1 }] });
    h.advance(3_600_000);
    const c = h.store.placeOrder(h.shop, {
      lines: [{ variantId: h.variant("MTS-SM"), quantity: 1 }],
      tags: ["Backorder", "vip"],
    });
    h.store.cancelOrder(h.shop, b.id);
    const names = async (query: string) => {
      const r = await h.gql(`query O($q: String) { orders(first: 10, query: $q) { nodes { name } } }`, {
        q: query,
      });
      return {
        names: (r.data as { orders: { nodes: { name: string }[] } }).orders.nodes.map((n) => n.name),
        extensions: r.extensions,
      };
    };
    const t1 = new Date(
      h.state.orders.get(Number(a.legacyResourceId))!.updatedAt.getTime() + 1,
    ).toISOString();
    expect((await names(`updated_at:>'${t1}'`)).names).toEqual([b.name, c.name]);
    expect((await names("tag:backorder")).names).toEqual([a.name, c.name]);
    expect((await names("tag:backorder AND -tag:vip")).names).toEqual([a.name]);
    expect((await names("status:open")).names).toEqual([a.name, c.name]);
    expect((await names("status:cancelled")).names).toEqual([b.name]);
    expect((await names("tag:vip OR status:cancelled")).names).toEqual([b.name, c.name]);
    expect((await names("#1003")).names).toEqual([c.name]);
    const warned = await names("colour:red");
    expect(warned.names).toHaveLength(3);
    expect(warned.extensions).toEqual({
      search: [
        {
          path: ["orders"],
          query: "colour:red",
          warnings: [{ field: "colour", message: "Invalid search field for this query." }],
        },
      ],
    });
  });

  it("locations default to name order", async () => {
    const h = demoHarness();
    const d = await h.data(`{ locations(first: 5) { nodes { name } } }`);
    expect(d.locations.nodes.map((n: { name: string }) => n.name)).toEqual([
      "Downtown Store",
      "Main Warehouse",
    ]);
  });
});
