import {
  getNamedType,
  isCompositeType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
} from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAdminSchema } from "./execute.js";
import { demoHarness, type Harness } from "./harness.test-support.js";

/**
 * Every field of every type the dev store serves, queried one at a time against the real schema: a field either
 * resolves to a value the schema accepts (right scalar, a known enum value, no null where non-null is declared) or
 * says it is not implemented. Anything else (a wrong type, a crash) is a fidelity bug.
 */

const schema = loadAdminSchema();

async function richStore(): Promise<{ h: Harness; ids: Record<string, string> }> {
  const h = demoHarness();
  const order = h.store.placeOrder(h.shop, {
    lines: [
      { variantId: h.variant("TB-BOOT-09"), quantity: 2, properties: [{ name: "Size note", value: "wide" }] },
      { variantId: h.variant("MTS-SM"), quantity: 3 },
    ],
    customer: { email: "ava.thompson@example.com" },
    tags: ["backorder"],
    noteAttributes: [{ name: "eta", value: "2026-04-01" }],
  });
  const fo = order.fulfillmentOrders[0]!;
  const boots = fo.lineItems.find((l) => l.lineItemId === order.lineItems[0]!.id)!;
  const hold = await h.data(
    `mutation H($id: ID!, $l: ID!) { fulfillmentOrderHold(id: $id, fulfillmentHold: { reason: INVENTORY_OUT_OF_STOCK, handle: "x", fulfillmentOrderLineItems: [{ id: $l, quantity: 2 }] }) { fulfillmentHold { id } remainingFulfillmentOrder { id } } }`,
    { id: fo.id, l: boots.id },
  );
  const fulfillment = h.store.fulfill(h.shop, {
    fulfillmentOrderId: hold.fulfillmentOrderHold.remainingFulfillmentOrder.id,
  });
  const refund = await h.data(
    `mutation R($input: RefundInput!) { refundCreate(input: $input) { refund { id } } }`,
    {
      input: {
        orderId: order.id,
        refundLineItems: [{ lineItemId: order.lineItems[1]!.id, quantity: 1, restockType: "RETURN" }],
      },
    },
  );
  const mf = await h.data(
    `mutation M($o: ID!) { metafieldsSet(metafields: [{ ownerId: $o, namespace: "$app:backorder", key: "eta", type: "date", value: "2026-04-01" }]) { metafields { id } } }`,
    { o: order.id },
  );
  const edit = await h.data(`mutation B($id: ID!) { orderEditBegin(id: $id) { calculatedOrder { id } } }`, {
    id: order.id,
  });
  const discount = await h.data(
    `mutation D { discountCodeBasicCreate(basicCodeDiscount: { title: "t", code: "C1", startsAt: "2026-01-01T00:00:00Z", customerGets: { value: { percentage: 0.1 }, items: { all: true } }, customerSelection: { all: true } }) { codeDiscountNode { id } } }`,
  );
  h.store.scheduleIncoming(h.shop, {
    variantId: h.variant("TB-BOOT-09"),
    quantity: 5,
    expectedAt: "2026-04-01",
  });
  const install = await h.data(`{ currentAppInstallation { id app { id } } }`);
  const s = h.state;
  const variant = s.variantList.find((v) => v.sku === "TB-BOOT-09")!;
  const main = s.locationList[0]!;
  return {
    h,
    ids: {
      Shop: s.gid,
      Order: order.id,
      LineItem: order.lineItems[0]!.id,
      Product: `gid://shopify/Product/${variant.productId}`,
      ProductVariant: h.variant("TB-BOOT-09"),
      InventoryItem: h.inventoryItem("TB-BOOT-09"),
      InventoryLevel: `gid://shopify/InventoryLevel/${main.id}?inventory_item_id=${variant.inventoryItemId}`,
      Location: `gid://shopify/Location/${main.id}`,
      Customer: h.customer("ava.thompson@example.com"),
      FulfillmentOrder: fo.id,
      FulfillmentOrderLineItem: boots.id,
      FulfillmentHold: hold.fulfillmentOrderHold.fulfillmentHold.id,
      Fulfillment: fulfillment.id,
      Refund: refund.refundCreate.refund.id,
      Metafield: mf.metafieldsSet.metafields[0].id,
      CalculatedOrder: edit.orderEditBegin.calculatedOrder.id,
      DiscountCodeNode: discount.discountCodeBasicCreate.codeDiscountNode.id,
      AppInstallation: install.currentAppInstallation.id,
      App: install.currentAppInstallation.app.id,
    },
  };
}

function argumentValue(arg: GraphQLArgument, ids: Record<string, string>): string | null {
  switch (arg.name) {
    case "first":
      return "2";
    case "names":
      return '["available", "on_hand", "committed", "incoming"]';
    case "locationId":
      return JSON.stringify(ids.Location);
    case "inventoryItemId":
      return JSON.stringify(ids.InventoryItem);
    case "key":
      return '"eta"';
    case "namespace":
      return '"$app:backorder"';
    default:
      return null;
  }
}

/** `field(args) { __typename }` for composite types, or null when a required argument has no known value. */
function selection(field: GraphQLField<unknown, unknown>, ids: Record<string, string>): string | null {
  const args: string[] = [];
  for (const arg of field.args) {
    const value = argumentValue(arg, ids);
    if (value !== null && (isNonNullType(arg.type) || arg.name === "first" || arg.name === "names"))
      args.push(`${arg.name}: ${value}`);
    else if (isNonNullType(arg.type) && arg.defaultValue === undefined) return null;
  }
  const named = getNamedType(field.type);
  let sub = "";
  if (isObjectType(named) && named.name.endsWith("Connection")) {
    const nodes = named.getFields().nodes;
    sub = ` { nodes${nodes && isCompositeType(getNamedType(nodes.type)) ? " { __typename }" : ""} pageInfo { hasNextPage } }`;
  } else if (isCompositeType(named)) {
    sub = " { __typename }";
  }
  return `${field.name}${args.length ? `(${args.join(", ")})` : ""}${sub}`;
}

describe("every field of every served type either resolves per the schema or says it is not implemented", () => {
  let h: Harness;
  let ids: Record<string, string>;

  beforeAll(async () => {
    ({ h, ids } = await richStore());
  });

  const TYPES = [
    "Shop",
    "Order",
    "LineItem",
    "Product",
    "ProductVariant",
    "InventoryItem",
    "InventoryLevel",
    "Location",
    "Customer",
    "FulfillmentOrder",
    "FulfillmentOrderLineItem",
    "FulfillmentHold",
    "Fulfillment",
    "Refund",
    "Metafield",
    "CalculatedOrder",
    "DiscountCodeNode",
    "AppInstallation",
    "App",
  ];

  it.each(TYPES)("%s", async (typeName) => {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
    const problems: string[] = [];
    let implemented = 0;
    for (const field of Object.values(type.getFields())) {
      if (field.deprecationReason) continue;
      const sel = selection(field, ids);
      if (!sel) continue;
      const result = await h.gql(`query F($id: ID!) { node(id: $id) { ... on ${typeName} { ${sel} } } }`, {
        id: ids[typeName],
      });
      const errors = result.errors ?? [];
      const notImplemented = errors.filter((e) => /is not implemented in the dev store/.test(e.message));
      const other = errors.filter((e) => !notImplemented.includes(e));
      if (other.length > 0)
        problems.push(`${typeName}.${field.name}: ${other.map((e) => e.message).join("; ")}`);
      if (errors.length === 0) {
        const node = (result.data as { node: Record<string, unknown> | null }).node;
        if (node === null) problems.push(`${typeName}.${field.name}: node(id:) returned null`);
        implemented += 1;
      }
    }
    expect(problems).toEqual([]);
    expect(implemented).toBeGreaterThan(3);
  });
});
