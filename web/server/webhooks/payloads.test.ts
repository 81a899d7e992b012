import { describe, expect, it } from "vitest";
import { parseShopifyJson } from "../use-cases/shopify-json.js";
import { z } from "zod";
import {
  exactId,
  identifyOrder,
  identifyResource,
  numericId,
  orderPayload,
  parsePayload,
} from "./payloads.js";

describe("parsePayload", () => {
  it("turns text the database cannot store (NUL, half a surrogate pair) into U+FFFD instead of failing the write", () => {
    const body =
      '{"id":820982911946154508,"name":"#1\\u0000","customer":{"id":1},' +
      '"line_items":[{"id":2,"quantity":1}],"updated_at":"2026-12-07T10:00:00Z\\ud800"}';
    expect(parsePayload(orderPayload, parseShopifyJson(body), "orders/create")).toMatchObject({
      id: "820982911946154508",
      name: "#1\ufffd",
      updated_at: "2026-12-07T10:00:00Z\ufffd",
    });
  });

  it("keeps emoji and other scripts as they are", () => {
    const body = '{"id":1,"name":"#1 😀 \\ud83d\\ude00 Grüße","line_items":[]}';
    expect(parsePayload(orderPayload, parseShopifyJson(body), "orders/create").name).toBe("#1 😀 😀 Grüße");
  });
});

const IDS: unknown[] = [
  1,
  820982911946154,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 1,
  0,
  -0,
  -5,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  1e300,
  "820982911946154508",
  "18446744073709551615",
  "0",
  "012",
  "-1",
  "1.0",
  " 1",
  "",
  null,
  undefined,
  true,
  {},
  [1],
];

describe("the ids intake reads", () => {
  it.each(IDS.map((id) => [id]))("exactId(%s) answers as numericId does", (id) => {
    const zod = numericId.safeParse(id);
    expect(exactId(id)).toBe(zod.success ? zod.data : null);
  });

  // What identifyOrder and identifyResource answered when they were zod schemas.
  const orderReference = z.object({ id: numericId, customer: z.object({ id: numericId }).nullish() });
  const customers: unknown[] = [
    undefined,
    null,
    { id: 7 },
    { id: "115310627314723954" },
    { id: 0 },
    {},
    [],
    "7",
    7,
  ];
  const payloads: unknown[] = [
    ...IDS.flatMap((id) => customers.map((customer) => ({ id, customer }))),
    ...IDS.map((id) => ({ id })),
    null,
    [],
    "order",
    [{ id: 1 }],
  ];
  it("identifyOrder names the order and customer exactly when the zod schema accepted the payload", () => {
    for (const payload of payloads) {
      const reference = orderReference.safeParse(payload);
      const expected = reference.success
        ? {
            resourceId: `gid://shopify/Order/${reference.data.id}`,
            customerId: reference.data.customer
              ? `gid://shopify/Customer/${reference.data.customer.id}`
              : null,
          }
        : { resourceId: null, customerId: null };
      expect(identifyOrder(payload), JSON.stringify(payload)).toEqual(expected);
    }
  });

  it("identifyResource reads its key as numericId does", () => {
    const identify = identifyResource("InventoryItem", "inventory_item_id");
    for (const id of IDS) {
      const zod = numericId.safeParse(id);
      expect(identify({ inventory_item_id: id, id: 5 })).toEqual({
        resourceId: zod.success ? `gid://shopify/InventoryItem/${zod.data}` : null,
        customerId: null,
      });
    }
    expect(identify([])).toEqual({ resourceId: null, customerId: null });
  });
});
