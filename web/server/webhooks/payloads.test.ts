import { describe, expect, it } from "vitest";
import { parseShopifyJson } from "../use-cases/shopify-json.js";
import { orderPayload, parsePayload } from "./payloads.js";

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
