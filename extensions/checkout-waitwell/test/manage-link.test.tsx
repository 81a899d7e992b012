import { render } from "preact";
import { afterEach, describe, expect, it } from "vitest";
import { parseOrderBackorder } from "../src/order-backorder";
import { cartLine, installShopify, mount, orderEntry, orderGid, tick, variantGid } from "./fake-shopify";

/**
 * The link to the order's self-service page on the order-status and thank-you pages: from the `manage` URL Waitwell
 * writes into the order metafield while units wait (signed, through the shop's app proxy), under each waiting line.
 */
const MANAGE = "https://shop.example/apps/waitwell/orders?token=eyJzIjoiYSJ9.c2ln";
const waitingLine = {
  lineItemId: "gid://shopify/LineItem/110",
  variantId: variantGid(11),
  shipNow: 0,
  waiting: 2,
  status: "backordered",
  eta: { from: "2026-12-16", to: "2026-12-16", source: "supplier_feed" },
  promised: { from: "2026-12-16", to: "2026-12-16", source: "supplier_feed" },
};
const record = (manage: unknown, lines: object[] = [waitingLine]) => ({
  v: 1,
  lines,
  manage,
  updatedAt: "2026-12-01T10:00:00Z",
});
const hoodie = { ...cartLine(1, 11, "Hoodie", "M"), quantity: 2 };
const links = () =>
  [...document.body.querySelectorAll("s-link")].map((l) => [l.getAttribute("href"), l.textContent]);

afterEach(() => {
  render(null, document.body);
  document.body.innerHTML = "";
});

describe("the order metafield's self-service link", () => {
  it("is read when it is an http(s) URL, and never otherwise", () => {
    const read = (value: object) => parseOrderBackorder(JSON.stringify(value))!.manage;
    expect(read(record(MANAGE))).toBe(MANAGE);
    expect(read(record(null))).toBeNull();
    const { manage: _omitted, ...older } = record(MANAGE);
    expect(read(older)).toBeNull();
    expect(read(record("javascript:alert(1)"))).toBeNull();
    expect(read(record(42))).toBeNull();
  });
});

describe("customer-account.order-status.cart-line-item.render-after", () => {
  const ORDER = { id: orderGid(5001), name: "#1001" };

  it("links a waiting line to the self-service page, in the buyer's language; not once nothing waits", async () => {
    const shopify = installShopify({
      target: hoodie,
      order: ORDER,
      appMetafields: [orderEntry(5001, record(MANAGE))],
    });
    await mount("OrderStatusEta");
    expect(links()).toEqual([[MANAGE, "Manage my order"]]);
    expect(document.body.querySelector("s-text")!.textContent).toBe("On backorder · Ships around 16 Dec");

    shopify.appMetafields.value = [
      orderEntry(5001, record(null, [{ ...waitingLine, shipNow: 2, waiting: 0, status: "allocated" }])),
    ];
    await tick();
    expect(links()).toEqual([]);
    expect(document.body.textContent).toBe("Back in stock · ships soon");
  });

  it("no link without one in the record (written before links were carried)", async () => {
    installShopify({ target: hoodie, order: ORDER, appMetafields: [orderEntry(5001, record(null))] });
    await mount("OrderStatusEta");
    expect(links()).toEqual([]);
    expect(document.body.textContent).toBe("On backorder · Ships around 16 Dec");
  });

  it("speaks the buyer's language", async () => {
    installShopify({
      target: hoodie,
      order: ORDER,
      appMetafields: [orderEntry(5001, record(MANAGE))],
      locale: "fr",
      intlLocale: "fr-FR",
    });
    await mount("OrderStatusEta");
    expect(links()).toEqual([[MANAGE, "Gérer ma commande"]]);
  });
});

describe("purchase.thank-you.cart-line-item.render-after", () => {
  it("links the waiting line under its promise once Waitwell wrote the order", async () => {
    const shopify = installShopify({
      target: hoodie,
      orderConfirmation: { order: { id: orderGid(5001) }, isFirstOrder: true },
      appMetafields: [],
    });
    await mount("ThankYouEta");
    expect(links()).toEqual([]);

    shopify.appMetafields.value = [orderEntry(5001, record(MANAGE))];
    await tick();
    expect(document.body.querySelector("s-text")!.textContent).toBe("Promised: Ships around 16 Dec");
    expect(links()).toEqual([[MANAGE, "Manage my order"]]);
  });
});
