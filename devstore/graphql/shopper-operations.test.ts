import { describe, expect, it } from "vitest";
import { demoHarness, type Data, type Harness } from "./harness.test-support.js";

/**
 * The Admin operations a shopper's self-service needs (order edits, refunds, single-customer discount codes) and what
 * an order carries from checkout (locale, cart attributes). Every operation runs through the executor, so it is
 * validated against Shopify's Admin schema before it runs; behaviour is checked on the store and its webhooks.
 */

function order(h: Harness) {
  // Two boots out of stock (CONTINUE: a backorder) and three socks in stock, from the warehouse.
  return h.store.placeOrder(h.shop, {
    lines: [
      { variantId: h.variant("TB-BOOT-09"), quantity: 2 },
      { variantId: h.variant("MTS-SM"), quantity: 3 },
    ],
    customer: { email: "ava.thompson@example.com" },
    customerLocale: "fr",
    noteAttributes: [{ name: "waitwell_ack", value: "2026-03-02T15:00:00Z" }],
  });
}

function payloads(h: Harness, topic: string, since = 0): Data[] {
  return h.events
    .slice(since)
    .filter((e) => e.topic === topic)
    .map((e) => e.payload as Data);
}

const BEGIN = `mutation WaitwellEditBegin($id: ID!) { orderEditBegin(id: $id) {
  calculatedOrder { id lineItems(first: 10) { nodes { id sku quantity } } } userErrors { field message } } }`;
const ADD = `mutation WaitwellEditAdd($id: ID!, $variantId: ID!, $quantity: Int!) {
  orderEditAddVariant(id: $id, variantId: $variantId, quantity: $quantity) {
    calculatedLineItem { id sku quantity } calculatedOrder { subtotalLineItemsQuantity } userErrors { field message } } }`;
const SET = `mutation WaitwellEditSet($id: ID!, $lineItemId: ID!, $quantity: Int!, $restock: Boolean) {
  orderEditSetQuantity(id: $id, lineItemId: $lineItemId, quantity: $quantity, restock: $restock) {
    calculatedLineItem { id quantity } userErrors { field message } } }`;
const COMMIT = `mutation WaitwellEditCommit($id: ID!) { orderEditCommit(id: $id, notifyCustomer: false, staffNote: "swap") {
  order { edited currentSubtotalPriceSet { shopMoney { amount } } lineItems(first: 10) { nodes { sku quantity currentQuantity } } }
  userErrors { field message } } }`;
const REFUND = `mutation WaitwellRefund($input: RefundInput!) { refundCreate(input: $input) {
  refund { id totalRefundedSet { shopMoney { amount } } transactions(first: 5) { nodes { kind status gateway amountSet { shopMoney { amount } } } }
    refundLineItems(first: 5) { nodes { quantity restockType restocked } } }
  order { displayFinancialStatus totalRefundedSet { shopMoney { amount } } }
  userErrors { field message } } }`;
const DISCOUNT = `mutation WaitwellDiscount($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) {
  codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { title usageLimit appliesOncePerCustomer
    codes(first: 1) { nodes { code } }
    customerSelection { __typename ... on DiscountCustomers { customers { email } } ... on DiscountCustomerAll { allCustomers } } } } }
  userErrors { field message code } } }`;

describe("order edits (orderEditBegin → AddVariant / SetQuantity → Commit)", () => {
  it("swaps waiting units for an in-stock variant: quantities, the new line, totals, restock and webhooks", async () => {
    const h = demoHarness();
    const o = order(h);
    const before = h.levels("MTS-LXL", "Main Warehouse");
    const begun = await h.data(BEGIN, { id: o.id });
    const calc = begun.orderEditBegin.calculatedOrder;
    const boots = calc.lineItems.nodes.find((l: Data) => l.sku === "TB-BOOT-09");
    const added = await h.data(ADD, { id: calc.id, variantId: h.variant("MTS-LXL"), quantity: 2 });
    expect(added.orderEditAddVariant.userErrors).toEqual([]);
    expect(added.orderEditAddVariant.calculatedLineItem).toMatchObject({ sku: "MTS-LXL", quantity: 2 });
    const set = await h.data(SET, { id: calc.id, lineItemId: boots.id, quantity: 0, restock: true });
    expect(set.orderEditSetQuantity).toMatchObject({ calculatedLineItem: { quantity: 0 }, userErrors: [] });
    // Nothing is applied before the commit.
    expect(h.levels("MTS-LXL", "Main Warehouse")).toEqual(before);
    const since = h.events.length;
    const committed = await h.data(COMMIT, { id: calc.id });
    expect(committed.orderEditCommit.userErrors).toEqual([]);
    expect(committed.orderEditCommit.order.edited).toBe(true);
    expect(committed.orderEditCommit.order.lineItems.nodes).toEqual([
      { sku: "TB-BOOT-09", quantity: 2, currentQuantity: 0 },
      { sku: "MTS-SM", quantity: 3, currentQuantity: 3 },
      { sku: "MTS-LXL", quantity: 2, currentQuantity: 2 },
    ]);
    expect(h.levels("MTS-LXL", "Main Warehouse")).toMatchObject({
      available: before.available - 2,
      committed: before.committed + 2,
    });
    // The boots were oversold (available -2); restocking the two units brings it back to 0.
    expect(h.levels("TB-BOOT-09", "Main Warehouse")).toMatchObject({ available: 0, committed: 0 });
    const topics = h.topics(since);
    expect(topics).toContain("orders/edited");
    expect(topics).toContain("orders/updated");
    expect(topics).toContain("inventory_levels/update");
    const edited = payloads(h, "orders/edited", since)[0]!.order_edit;
    expect(edited.line_items.additions).toEqual([expect.objectContaining({ delta: 2 })]);
    expect(edited.line_items.removals).toEqual([expect.objectContaining({ delta: 2 })]);
    const updated = payloads(h, "orders/updated", since).at(-1)!;
    expect(updated.current_subtotal_price).toBe(
      committed.orderEditCommit.order.currentSubtotalPriceSet.shopMoney.amount.replace(/\.0$/, ".00"),
    );
  });

  it("a removal without restock leaves stock alone; a committed edit cannot be committed twice", async () => {
    const h = demoHarness();
    const o = order(h);
    const socks = h.levels("MTS-SM", "Main Warehouse");
    const calc = (await h.data(BEGIN, { id: o.id })).orderEditBegin.calculatedOrder;
    const line = calc.lineItems.nodes.find((l: Data) => l.sku === "MTS-SM");
    await h.data(SET, { id: calc.id, lineItemId: line.id, quantity: 1, restock: false });
    await h.data(COMMIT, { id: calc.id });
    expect(h.levels("MTS-SM", "Main Warehouse")).toMatchObject({
      available: socks.available,
      committed: socks.committed - 2,
    });
    const again = await h.data(COMMIT, { id: calc.id });
    expect(again.orderEditCommit.userErrors).toEqual([
      { field: ["id"], message: "The calculated order has already been committed." },
    ]);
  });
});

const LINE_DISCOUNT = `mutation WaitwellEditDiscount($id: ID!, $lineItemId: ID!, $discount: OrderEditAppliedDiscountInput!) {
  orderEditAddLineItemDiscount(id: $id, lineItemId: $lineItemId, discount: $discount) {
    addedDiscountStagedChange { id description value { __typename ... on MoneyV2 { amount currencyCode } ... on PricingPercentageValue { percentage } } }
    calculatedLineItem { id hasStagedLineItemDiscount originalUnitPriceSet { shopMoney { amount } } discountedUnitPriceSet { shopMoney { amount } } }
    calculatedOrder { subtotalPriceSet { shopMoney { amount } } }
    userErrors { field message } } }`;
const LINE_PRICES = `query WaitwellLinePrices($id: ID!) { order(id: $id) { lineItems(first: 10) { nodes { sku
  originalUnitPriceSet { shopMoney { amount } } discountedUnitPriceAfterAllDiscountsSet { shopMoney { amount } }
  totalDiscountSet { shopMoney { amount } } } } } }`;

describe("orderEditAddLineItemDiscount", () => {
  it("discounts each unit of a line the edit added; the order's price, refunds and orders/updated follow", async () => {
    const h = demoHarness();
    const o = order(h);
    const calc = (await h.data(BEGIN, { id: o.id })).orderEditBegin.calculatedOrder;
    const boots = calc.lineItems.nodes.find((l: Data) => l.sku === "TB-BOOT-09");
    // Two jackets (229.00) in place of the two boots (149.00), at the boots' price: 80.00 off each.
    const added = await h.data(ADD, { id: calc.id, variantId: h.variant("SDJ-M"), quantity: 2 });
    const jacket = added.orderEditAddVariant.calculatedLineItem;
    const discounted = await h.data(LINE_DISCOUNT, {
      id: calc.id,
      lineItemId: jacket.id,
      discount: { description: "at the price paid", fixedValue: { amount: "80.00", currencyCode: "USD" } },
    });
    expect(discounted.orderEditAddLineItemDiscount).toMatchObject({
      addedDiscountStagedChange: {
        description: "at the price paid",
        value: { __typename: "MoneyV2", amount: "80.0", currencyCode: "USD" },
      },
      calculatedLineItem: {
        hasStagedLineItemDiscount: true,
        originalUnitPriceSet: { shopMoney: { amount: "229.0" } },
        discountedUnitPriceSet: { shopMoney: { amount: "149.0" } },
      },
      userErrors: [],
    });
    await h.data(SET, { id: calc.id, lineItemId: boots.id, quantity: 0, restock: true });
    const since = h.events.length;
    const committed = await h.data(COMMIT, { id: calc.id });
    expect(committed.orderEditCommit.userErrors).toEqual([]);
    // Socks 3 × 18.00 + jackets 2 × 149.00: what the customer paid before the edit (3 × 18 + 2 × 149).
    expect(committed.orderEditCommit.order.currentSubtotalPriceSet.shopMoney.amount).toBe("352.0");
    const prices = (await h.data(LINE_PRICES, { id: o.id })).order.lineItems.nodes;
    expect(prices.find((l: Data) => l.sku === "SDJ-M")).toEqual({
      sku: "SDJ-M",
      originalUnitPriceSet: { shopMoney: { amount: "229.0" } },
      discountedUnitPriceAfterAllDiscountsSet: { shopMoney: { amount: "149.0" } },
      totalDiscountSet: { shopMoney: { amount: "160.0" } },
    });
    const updated = payloads(h, "orders/updated", since).at(-1)!;
    const jacketLine = (updated.line_items as Data[]).find((l) => l.sku === "SDJ-M")!;
    expect(jacketLine.total_discount).toBe("160.00");
  });

  it("refuses a line the order already had, two values at once, another currency and a non-positive amount", async () => {
    const h = demoHarness();
    const o = order(h);
    const calc = (await h.data(BEGIN, { id: o.id })).orderEditBegin.calculatedOrder;
    const socks = calc.lineItems.nodes.find((l: Data) => l.sku === "MTS-SM");
    const jacket = (await h.data(ADD, { id: calc.id, variantId: h.variant("SDJ-M"), quantity: 1 }))
      .orderEditAddVariant.calculatedLineItem;
    const attempt = async (lineItemId: string, discount: Data) =>
      (await h.data(LINE_DISCOUNT, { id: calc.id, lineItemId, discount })).orderEditAddLineItemDiscount
        .userErrors;
    expect(await attempt(socks.id, { fixedValue: { amount: "1.00", currencyCode: "USD" } })).toEqual([
      { field: ["lineItemId"], message: "Discounts can only be added to line items added during this edit." },
    ]);
    expect(
      await attempt(jacket.id, { fixedValue: { amount: "1.00", currencyCode: "USD" }, percentValue: 10 }),
    ).toEqual([{ field: ["discount"], message: "Provide exactly one of fixedValue or percentValue." }]);
    expect(await attempt(jacket.id, { fixedValue: { amount: "1.00", currencyCode: "EUR" } })).toEqual([
      {
        field: ["discount", "fixedValue", "currencyCode"],
        message: "Currency must match the order's currency.",
      },
    ]);
    expect(await attempt(jacket.id, { fixedValue: { amount: "0", currencyCode: "USD" } })).toEqual([
      { field: ["discount", "fixedValue", "amount"], message: "Amount must be greater than 0." },
    ]);
    const percent = await h.data(LINE_DISCOUNT, {
      id: calc.id,
      lineItemId: jacket.id,
      discount: { percentValue: 10 },
    });
    expect(percent.orderEditAddLineItemDiscount.calculatedLineItem.discountedUnitPriceSet).toEqual({
      shopMoney: { amount: "206.1" },
    });
  });
});

describe("refundCreate", () => {
  it("refunds waiting units with CANCEL: stock restocked, money through transactions, refunds/create and orders/updated", async () => {
    const h = demoHarness();
    const o = order(h);
    const boots = o.lineItems[0]!;
    const since = h.events.length;
    const d = await h.data(REFUND, {
      input: {
        orderId: o.id,
        note: "Customer chose not to wait",
        refundLineItems: [{ lineItemId: boots.id, quantity: 2, restockType: "CANCEL" }],
        transactions: [{ orderId: o.id, gateway: "bogus", kind: "REFUND", amount: "259.98" }],
      },
    });
    expect(d.refundCreate.userErrors).toEqual([]);
    expect(d.refundCreate.refund).toMatchObject({
      totalRefundedSet: { shopMoney: { amount: "259.98" } },
      transactions: {
        nodes: [
          {
            kind: "REFUND",
            status: "SUCCESS",
            gateway: "bogus",
            amountSet: { shopMoney: { amount: "259.98" } },
          },
        ],
      },
      refundLineItems: { nodes: [{ quantity: 2, restockType: "CANCEL", restocked: true }] },
    });
    expect(d.refundCreate.order.displayFinancialStatus).toBe("PARTIALLY_REFUNDED");
    expect(h.levels("TB-BOOT-09", "Main Warehouse")).toMatchObject({ available: 0, committed: 0 });
    const topics = h.topics(since);
    expect(topics.indexOf("refunds/create")).toBeGreaterThanOrEqual(0);
    expect(topics).toContain("orders/updated");
    expect(topics).toContain("inventory_levels/update");
    const refund = payloads(h, "refunds/create", since)[0]!;
    expect(refund).toMatchObject({
      order_id: Number(o.id.split("/").pop()),
      note: "Customer chose not to wait",
      restock: true,
      refund_line_items: [
        { quantity: 2, restock_type: "cancel", line_item_id: Number(boots.id.split("/").pop()) },
      ],
      transactions: [{ kind: "refund", status: "success", amount: "259.98", gateway: "bogus" }],
    });
  });

  it("without transactions returns goods, not money; refuses more money than the order received", async () => {
    const h = demoHarness();
    const o = order(h);
    const goods = await h.data(REFUND, {
      input: {
        orderId: o.id,
        refundLineItems: [{ lineItemId: o.lineItems[1]!.id, quantity: 1, restockType: "NO_RESTOCK" }],
      },
    });
    expect(goods.refundCreate.refund.totalRefundedSet.shopMoney.amount).toBe("0.0");
    expect(goods.refundCreate.order.displayFinancialStatus).toBe("PAID");
    const tooMuch = await h.data(REFUND, {
      input: {
        orderId: o.id,
        transactions: [{ orderId: o.id, gateway: "bogus", kind: "REFUND", amount: "100000.00" }],
      },
    });
    expect(tooMuch.refundCreate.refund).toBeNull();
    expect(tooMuch.refundCreate.userErrors[0].field).toEqual(["transactions"]);
    const wrongKind = await h.data(REFUND, {
      input: {
        orderId: o.id,
        transactions: [{ orderId: o.id, gateway: "bogus", kind: "SALE", amount: "1.00" }],
      },
    });
    expect(wrongKind.refundCreate.userErrors[0].field).toEqual(["transactions", "0", "kind"]);
  });
});

describe("discountCodeBasicCreate for one customer", () => {
  it("creates a single-use code only that customer can use, readable back by id and by code", async () => {
    const h = demoHarness();
    order(h);
    const customer = h.customer("ava.thompson@example.com");
    const d = await h.data(DISCOUNT, {
      d: {
        title: "Thank you for waiting",
        code: "WAIT-AVA-10",
        startsAt: "2026-03-02T00:00:00Z",
        usageLimit: 1,
        appliesOncePerCustomer: true,
        customerSelection: { customers: { add: [customer] } },
        customerGets: { value: { percentage: 0.1 }, items: { all: true } },
      },
    });
    expect(d.discountCodeBasicCreate.userErrors).toEqual([]);
    const created = d.discountCodeBasicCreate.codeDiscountNode;
    const expected = {
      title: "Thank you for waiting",
      usageLimit: 1,
      appliesOncePerCustomer: true,
      codes: { nodes: [{ code: "WAIT-AVA-10" }] },
      customerSelection: {
        __typename: "DiscountCustomers",
        customers: [{ email: "ava.thompson@example.com" }],
      },
    };
    expect(created.codeDiscount).toEqual(expected);
    const FIELDS = `id codeDiscount { ... on DiscountCodeBasic { title usageLimit appliesOncePerCustomer codes(first: 1) { nodes { code } }
      customerSelection { __typename ... on DiscountCustomers { customers { email } } ... on DiscountCustomerAll { allCustomers } } } }`;
    const read = await h.data(
      `query WaitwellDiscountRead($id: ID!) { codeDiscountNode(id: $id) { ${FIELDS} } codeDiscountNodeByCode(code: "wait-ava-10") { ${FIELDS} } }`,
      { id: created.id },
    );
    expect(read.codeDiscountNode).toEqual({ id: created.id, codeDiscount: expected });
    expect(read.codeDiscountNodeByCode).toEqual({ id: created.id, codeDiscount: expected });
  });

  it("names an unknown customer and a blank selection", async () => {
    const h = demoHarness();
    const base = {
      title: "x",
      code: "X1",
      startsAt: "2026-03-02T00:00:00Z",
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    };
    const unknown = await h.data(DISCOUNT, {
      d: {
        ...base,
        customerSelection: { customers: { add: ["gid://shopify/Customer/788032119674292922"] } },
      },
    });
    expect(unknown.discountCodeBasicCreate.userErrors).toEqual([
      {
        field: ["basicCodeDiscount", "customerSelection", "customers", "add", "0"],
        message: "Customer does not exist",
        code: "INVALID",
      },
    ]);
    const blank = await h.data(DISCOUNT, { d: base });
    expect(blank.discountCodeBasicCreate.userErrors.map((e: Data) => e.code)).toEqual(["BLANK"]);
  });
});

describe("what an order carries from checkout", () => {
  it("customer locale and cart attributes: GraphQL customerLocale / customAttributes, REST customer_locale / note_attributes", async () => {
    const h = demoHarness();
    // A new customer takes their first checkout's locale; a known one keeps theirs.
    const o = h.store.placeOrder(h.shop, {
      lines: [{ variantId: h.variant("MTS-SM"), quantity: 1 }],
      customer: { email: "new.shopper@example.com" },
      customerLocale: "fr",
      noteAttributes: [{ name: "waitwell_ack", value: "2026-03-02T15:00:00Z" }],
    });
    const d = await h.data(
      `query WaitwellOrderLocale($id: ID!) { order(id: $id) { customerLocale customAttributes { key value } customer { locale } } }`,
      { id: o.id },
    );
    expect(d.order).toEqual({
      customerLocale: "fr",
      customAttributes: [{ key: "waitwell_ack", value: "2026-03-02T15:00:00Z" }],
      customer: { locale: "fr" },
    });
    const created = payloads(h, "orders/create")[0]!;
    expect(created.customer_locale).toBe("fr");
    expect(created.note_attributes).toEqual([{ name: "waitwell_ack", value: "2026-03-02T15:00:00Z" }]);
    expect(() =>
      h.store.placeOrder(h.shop, {
        lines: [{ variantId: h.variant("MTS-SM"), quantity: 1 }],
        customerLocale: "not a locale",
      }),
    ).toThrow(/locale/);
  });
});
