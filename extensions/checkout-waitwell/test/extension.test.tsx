import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import {
  availabilityEntry,
  cartLine,
  installShopify,
  mount,
  orderEntry,
  orderGid,
  tick,
  translations,
  variantGid,
} from "./fake-shopify";

const exact = {
  v: 1,
  state: "backorder",
  eta: { from: "2026-12-12", to: "2026-12-12", source: "incoming" },
  capacity: 4,
  substitutes: [
    {
      variantId: variantGid(101),
      productTitle: "Hoodie Classic",
      variantTitle: "Navy / M",
      url: "/products/hoodie-classic?variant=101",
      price: "49.00",
      reason: "same_type",
    },
  ],
};
const range = {
  ...exact,
  eta: { from: "2026-12-03", to: "2026-12-05", source: "supplier_feed" },
  substitutes: [],
};
const inStock = { v: 1, state: "in_stock", eta: null, capacity: null, substitutes: [] };

const LINES = [cartLine(1, 11, "Hoodie", "M"), cartLine(2, 12, "Cap"), cartLine(3, 13, "Scarf")];
const METAFIELDS = [
  availabilityEntry(11, exact),
  availabilityEntry(12, inStock),
  availabilityEntry(13, range),
];

const body = () => document.body;
const texts = (sel: string) => [...body().querySelectorAll(sel)].map((e) => e.textContent!.trim());

beforeEach(() => vi.useRealTimers());
afterEach(() => {
  render(null, document.body);
  document.body.innerHTML = "";
});

describe("purchase.checkout.cart-line-item.render-after", () => {
  it("shows an exact ETA under a backordered line", async () => {
    installShopify({ target: LINES[0], appMetafields: METAFIELDS });
    await mount("CartLineEta");
    expect(texts("s-text")).toEqual(["Ships around 12 Dec"]);
    expect(body().querySelector("s-text")!.getAttribute("tone")).toBe("warning");
  });

  it("shows a range", async () => {
    installShopify({ target: LINES[2], appMetafields: METAFIELDS });
    await mount("CartLineEta");
    expect(texts("s-text")).toEqual(["Ships between 3 Dec and 5 Dec"]);
  });

  it("renders nothing for an in-stock line, a line without metafield, or a payload of an unknown version", async () => {
    const shopify = installShopify({ target: LINES[1], appMetafields: METAFIELDS });
    await mount("CartLineEta");
    expect(body().innerHTML).toBe("");
    shopify.target.value = cartLine(9, 99, "Unknown");
    await tick();
    expect(body().innerHTML).toBe("");
    shopify.appMetafields.value = [availabilityEntry(99, { ...exact, v: 2 })];
    await tick();
    expect(body().innerHTML).toBe("");
  });

  it("follows metafield changes (signals) and reads only the $app availability metafield", async () => {
    const shopify = installShopify({ target: LINES[1], appMetafields: METAFIELDS });
    await mount("CartLineEta");
    const other = availabilityEntry(12, exact);
    other.metafield.namespace = "custom";
    shopify.appMetafields.value = [other];
    await tick();
    expect(body().innerHTML).toBe("");
    shopify.appMetafields.value = [availabilityEntry(12, exact)];
    await tick();
    expect(texts("s-text")).toEqual(["Ships around 12 Dec"]);
  });

  it("uses the extension locale (fr strings, fr date)", async () => {
    installShopify({ target: LINES[0], appMetafields: METAFIELDS, locale: "fr", intlLocale: "fr-FR" });
    await mount("CartLineEta");
    expect(texts("s-text")).toEqual(["Expédition vers le 12 déc."]);
  });
});

describe("purchase.checkout.block.render", () => {
  it("summarises what ships later, nothing for in-stock lines", async () => {
    installShopify({ lines: LINES, appMetafields: METAFIELDS });
    await mount("BackorderSummary");
    const banner = body().querySelector("s-banner")!;
    expect(banner.getAttribute("heading")).toBe("Some items ship later");
    expect([...banner.querySelectorAll("s-text")].map((e) => e.textContent)).toEqual([
      "Hoodie (M): Ships around 12 Dec",
      "Scarf: Ships between 3 Dec and 5 Dec",
    ]);
  });

  it("renders nothing when nothing waits", async () => {
    installShopify({ lines: [LINES[1]!], appMetafields: METAFIELDS });
    await mount("BackorderSummary");
    expect(body().innerHTML).toBe("");
  });

  it("swaps a backordered line for an in-stock substitute with the current line id", async () => {
    const shopify = installShopify({ lines: LINES, appMetafields: METAFIELDS });
    await mount("BackorderSummary");
    expect(texts("s-heading")).toEqual(["Available now instead of Hoodie (M)"]);
    const button = body().querySelector("s-button")!;
    expect(button.textContent).toBe("Swap");
    // checkout re-issued the line ids since render: the swap must use the new one
    shopify.lines.value = [{ ...LINES[0]!, id: "gid://shopify/CartLine/77" }, LINES[1]!, LINES[2]!];
    await tick();
    body().querySelector("s-button")!.dispatchEvent(new Event("click"));
    await tick();
    expect(shopify.applyCartLinesChange).toHaveBeenCalledTimes(1);
    expect(shopify.applyCartLinesChange).toHaveBeenCalledWith({
      type: "updateCartLine",
      id: "gid://shopify/CartLine/77",
      merchandiseId: "gid://shopify/ProductVariant/101",
    });
  });

  it("drops the theme's Shipping promise from the swapped line and keeps its other properties", async () => {
    const promised = cartLine(1, 11, "Hoodie", "M", [
      { key: "Shipping", value: "Ships around 12 Dec" },
      { key: "Gift note", value: "Happy birthday" },
    ]);
    const shopify = installShopify({ lines: [promised, LINES[1]!], appMetafields: METAFIELDS });
    await mount("BackorderSummary");
    body().querySelector("s-button")!.dispatchEvent(new Event("click"));
    await tick();
    expect(shopify.applyCartLinesChange).toHaveBeenCalledWith({
      type: "updateCartLine",
      id: "gid://shopify/CartLine/1",
      merchandiseId: "gid://shopify/ProductVariant/101",
      attributes: [{ key: "Gift note", value: "Happy birthday" }],
    });
  });

  it("shows an error when the swap fails", async () => {
    const shopify = installShopify({ lines: LINES, appMetafields: METAFIELDS });
    shopify.applyCartLinesChange.mockResolvedValueOnce({ type: "error", message: "nope" } as never);
    await mount("BackorderSummary");
    body().querySelector("s-button")!.dispatchEvent(new Event("click"));
    await tick();
    await tick();
    expect(body().querySelector("s-banner[tone=critical]")!.textContent).toBe(
      "This item could not be swapped. Please try again.",
    );
  });

  it("hides substitutes when the cart instructions forbid updating lines, or the merchant turned them off", async () => {
    const shopify = installShopify({ lines: LINES, appMetafields: METAFIELDS, canUpdateCartLine: false });
    await mount("BackorderSummary");
    expect(body().querySelector("s-banner")).not.toBeNull();
    expect(body().querySelector("s-button")).toBeNull();
    shopify.instructions.value = {
      ...shopify.instructions.value,
      lines: { ...shopify.instructions.value.lines, canUpdateCartLine: true },
    };
    await tick();
    expect(body().querySelector("s-button")).not.toBeNull();
    shopify.settings.value = { hide_substitutes: true };
    await tick();
    expect(body().querySelector("s-button")).toBeNull();
    expect(shopify.applyCartLinesChange).not.toHaveBeenCalled();
  });

  it("no acknowledgement unless the merchant enabled it", async () => {
    installShopify({ lines: LINES, appMetafields: METAFIELDS });
    await mount("BackorderSummary");
    expect(body().querySelector("s-checkbox")).toBeNull();
  });

  it("writes the acknowledgement cart attribute with the ISO time, and removes it when unchecked", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-24T10:15:00.000Z"));
    const shopify = installShopify({
      lines: LINES,
      appMetafields: METAFIELDS,
      settings: { require_acknowledgement: true },
    });
    await mount("BackorderSummary");
    const box = body().querySelector("s-checkbox") as HTMLElement & { checked?: boolean };
    expect(box.getAttribute("label")).toBe("I understand these items ship later");
    expect(box.hasAttribute("checked")).toBe(false);
    box.checked = true;
    box.dispatchEvent(new Event("change"));
    await tick();
    expect(shopify.applyAttributeChange).toHaveBeenLastCalledWith({
      type: "updateAttribute",
      key: "_waitwell_backorder_ack",
      value: "2026-11-24T10:15:00.000Z",
    });
    expect(shopify.attributes.value).toEqual([
      { key: "_waitwell_backorder_ack", value: "2026-11-24T10:15:00.000Z" },
    ]);
    // the box follows the cart attribute, not just the click
    shopify.attributes.value = [];
    await tick();
    expect(box.checked).toBe(false);
    shopify.attributes.value = [{ key: "_waitwell_backorder_ack", value: "2026-11-24T10:15:00.000Z" }];
    await tick();
    expect(box.checked).toBe(true);
    box.checked = false;
    box.dispatchEvent(new Event("change"));
    await tick();
    expect(shopify.applyAttributeChange).toHaveBeenLastCalledWith({
      type: "removeAttribute",
      key: "_waitwell_backorder_ack",
    });
  });

  it("no acknowledgement when attributes cannot be updated (e.g. draft-order checkout)", async () => {
    installShopify({
      lines: LINES,
      appMetafields: METAFIELDS,
      settings: { require_acknowledgement: true },
      canUpdateAttributes: false,
    });
    await mount("BackorderSummary");
    expect(body().querySelector("s-checkbox")).toBeNull();
  });
});

describe("purchase.thank-you.cart-line-item.render-after", () => {
  it("shows the promise the shopper saw (the Shipping line item property) over the current ETA", async () => {
    const line = cartLine(1, 11, "Hoodie", "M", [{ key: "Shipping", value: "Ships around 10 Dec" }]);
    installShopify({ target: line, appMetafields: METAFIELDS });
    await mount("ThankYouEta");
    expect(texts("s-text")).toEqual(["Promised: Ships around 10 Dec"]);
  });

  it("prefers the promise Waitwell recorded in the order metafield once it is written", async () => {
    const line = cartLine(1, 11, "Hoodie", "M", [{ key: "Shipping", value: "Ships around 10 Dec" }]);
    const waitingLine = {
      lineItemId: "gid://shopify/LineItem/110",
      variantId: variantGid(11),
      shipNow: 0,
      waiting: 1,
      status: "backordered",
      eta: { from: "2026-12-16", to: "2026-12-16", source: "incoming" },
      promised: { from: "2026-12-14", to: "2026-12-15", source: "incoming" },
    };
    const record = { v: 1, lines: [waitingLine], updatedAt: "2026-11-24T10:00:00Z" };
    const shopify = installShopify({
      target: line,
      orderConfirmation: { order: { id: orderGid(5001) }, isFirstOrder: true },
      appMetafields: [...METAFIELDS, orderEntry(5001, record)],
    });
    await mount("ThankYouEta");
    expect(texts("s-text")).toEqual(["Promised: Ships between 14 Dec and 15 Dec"]);
    // Nothing waits any more (the stock was there after all): no promise to repeat.
    shopify.appMetafields.value = [
      ...METAFIELDS,
      orderEntry(5001, {
        ...record,
        lines: [{ ...waitingLine, shipNow: 1, waiting: 0, status: "in_stock" }],
      }),
    ];
    await tick();
    expect(body().innerHTML).toBe("");
  });

  it("falls back to the variant ETA; nothing for in-stock lines", async () => {
    const shopify = installShopify({ target: LINES[2], appMetafields: METAFIELDS });
    await mount("ThankYouEta");
    expect(texts("s-text")).toEqual(["Promised: Ships between 3 Dec and 5 Dec"]);
    shopify.target.value = LINES[1];
    await tick();
    expect(body().innerHTML).toBe("");
  });
});

describe("customer-account.order-status.cart-line-item.render-after", () => {
  const ORDER = { id: orderGid(5001), name: "#1001" };
  const record = (lines: object[]) => ({ v: 1, lines, updatedAt: "2026-11-24T10:00:00Z" });
  const recordLine = (
    variantId: number,
    shipNow: number,
    waiting: number,
    status: string,
    eta: unknown = null,
  ) => ({
    lineItemId: `gid://shopify/LineItem/${variantId}0`,
    variantId: variantGid(variantId),
    shipNow,
    waiting,
    status,
    eta,
  });
  const threeHoodies = { ...cartLine(1, 11, "Hoodie", "M"), quantity: 3 };

  it("shows the waiting units and the ETA from Waitwell's order metafield", async () => {
    const eta = { from: "2026-12-15", to: "2026-12-15", source: "incoming" };
    const shopify = installShopify({
      target: threeHoodies,
      order: ORDER,
      appMetafields: [orderEntry(5001, record([recordLine(11, 0, 3, "backordered", eta)]))],
    });
    await mount("OrderStatusEta");
    expect(texts("s-text")).toEqual(["On backorder · Ships around 15 Dec"]);
    expect(body().querySelector("s-text")!.getAttribute("tone")).toBe("warning");

    shopify.appMetafields.value = [
      orderEntry(5001, record([recordLine(11, 2, 1, "partially_allocated", eta)])),
    ];
    await tick();
    expect(texts("s-text")).toEqual(["1 of 3 on backorder · Ships around 15 Dec"]);

    shopify.appMetafields.value = [orderEntry(5001, record([recordLine(11, 3, 0, "allocated")]))];
    await tick();
    expect(texts("s-text")).toEqual(["Back in stock · ships soon"]);

    shopify.appMetafields.value = [orderEntry(5001, record([recordLine(11, 3, 0, "fulfilled")]))];
    await tick();
    expect(body().innerHTML).toBe("");
  });

  it("without an ETA in the record, repeats the promise made at purchase, else says it is unknown", async () => {
    const promised = { ...threeHoodies, attributes: [{ key: "Shipping", value: "Ships around 10 Dec" }] };
    const shopify = installShopify({
      target: promised,
      order: ORDER,
      appMetafields: [orderEntry(5001, record([recordLine(11, 0, 3, "backordered")]))],
    });
    await mount("OrderStatusEta");
    expect(texts("s-text")).toEqual(["On backorder · Ships around 10 Dec"]);
    shopify.target.value = threeHoodies;
    await tick();
    expect(texts("s-text")).toEqual(["On backorder · Ships as soon as it is restocked"]);
  });

  it("says when the date moved past the one promised", async () => {
    const eta = { from: "2026-12-22", to: "2026-12-22", source: "supplier_feed" };
    const promisedEta = { from: "2026-12-15", to: "2026-12-15", source: "supplier_feed" };
    installShopify({
      target: threeHoodies,
      order: ORDER,
      appMetafields: [
        orderEntry(5001, record([{ ...recordLine(11, 0, 3, "backordered", eta), promised: promisedEta }])),
      ],
    });
    await mount("OrderStatusEta");
    expect(texts("s-text")).toEqual(["On backorder · Ships around 22 Dec (promised: Ships around 15 Dec)"]);
  });

  it("several line items of the variant add up, and the latest ETA wins", async () => {
    installShopify({
      target: { ...threeHoodies, quantity: 4 },
      order: ORDER,
      appMetafields: [
        orderEntry(
          5001,
          record([
            recordLine(11, 0, 1, "backordered", { from: "2026-12-03", to: "2026-12-05", source: "incoming" }),
            recordLine(11, 1, 2, "backordered", { from: "2026-12-10", to: "2026-12-12", source: "incoming" }),
            recordLine(12, 0, 5, "backordered"),
          ]),
        ),
      ],
    });
    await mount("OrderStatusEta");
    expect(texts("s-text")).toEqual(["3 of 4 on backorder · Ships between 10 Dec and 12 Dec"]);
  });

  it("before Waitwell has written the order: the Shipping promise, or nothing (never today's variant ETA)", async () => {
    const promised = cartLine(1, 11, "Hoodie", "M", [{ key: "Shipping", value: "Ships around 10 Dec" }]);
    const shopify = installShopify({ target: promised, order: ORDER, appMetafields: METAFIELDS });
    await mount("OrderStatusEta");
    expect(texts("s-text")).toEqual(["Promised: Ships around 10 Dec"]);
    shopify.target.value = LINES[0];
    await tick();
    expect(body().innerHTML).toBe("");
  });

  it("ignores another order's record, an unknown version, and cancelled orders", async () => {
    const waiting = record([recordLine(11, 0, 3, "backordered")]);
    const shopify = installShopify({
      target: threeHoodies,
      order: ORDER,
      appMetafields: [orderEntry(9999, waiting), orderEntry(5001, { ...waiting, v: 2 })],
    });
    await mount("OrderStatusEta");
    expect(body().innerHTML).toBe("");
    shopify.appMetafields.value = [orderEntry(5001, waiting)];
    await tick();
    expect(texts("s-text")).toEqual(["On backorder · Ships as soon as it is restocked"]);
    shopify.order.value = { ...ORDER, cancelledAt: "2026-11-25T09:00:00Z" };
    await tick();
    expect(body().innerHTML).toBe("");
  });

  it("uses the buyer's language", async () => {
    installShopify({
      target: threeHoodies,
      order: ORDER,
      locale: "de",
      intlLocale: "de-DE",
      appMetafields: [
        orderEntry(
          5001,
          record([
            recordLine(11, 1, 2, "backordered", { from: "2026-12-15", to: "2026-12-15", source: "fixed" }),
          ]),
        ),
      ],
    });
    await mount("OrderStatusEta");
    expect(texts("s-text")).toEqual(["2 von 3 nachbestellt · Versand um den 15. Dez."]);
  });
});

describe("shopify.extension.toml", () => {
  const root = path.resolve(import.meta.dirname, "..");
  const toml = parseToml(readFileSync(path.join(root, "shopify.extension.toml"), "utf8")) as {
    api_version: string;
    extensions: Array<{
      type: string;
      targeting: Array<{ target: string; module: string; metafields?: { namespace: string; key: string }[] }>;
      metafields: { namespace: string; key: string }[];
      capabilities: Record<string, boolean>;
      settings: { fields: { key: string; type: string }[] };
    }>;
  };
  const [extension] = toml.extensions;

  it("pins 2026-07, needs no network, and declares the metafields the modules read", () => {
    expect(toml.api_version).toBe("2026-07");
    expect(extension!.type).toBe("ui_extension");
    expect(extension!.capabilities).toMatchObject({ network_access: false, api_access: false });
    expect(extension!.metafields).toEqual([{ namespace: "$app", key: "availability" }]);
    const orderStatus = extension!.targeting.find((t) => t.module === "./src/OrderStatusEta.tsx");
    expect(orderStatus?.metafields).toEqual([{ namespace: "$app", key: "backorder" }]);
    expect(extension!.settings.fields.map((f) => [f.key, f.type])).toEqual([
      ["require_acknowledgement", "boolean"],
      ["hide_substitutes", "boolean"],
    ]);
  });

  it("every target's module exists and shopify.d.ts types it with that target's API", () => {
    const dts = readFileSync(path.join(root, "shopify.d.ts"), "utf8");
    expect(extension!.targeting.map((t) => t.target).sort()).toEqual([
      "customer-account.order-status.cart-line-item.render-after",
      "purchase.checkout.block.render",
      "purchase.checkout.cart-line-item.render-after",
      "purchase.thank-you.cart-line-item.render-after",
    ]);
    for (const { target, module } of extension!.targeting) {
      expect(existsSync(path.join(root, module)), module).toBe(true);
      expect(dts).toContain(
        `declare module "${module}" {\n  const shopify: import("@shopify/ui-extensions/${target}").Api;`,
      );
    }
  });
});

describe("locales", () => {
  const flat = (node: unknown, p = ""): Record<string, string> =>
    typeof node === "string"
      ? { [p]: node }
      : Object.entries(node as object).reduce((a, [k, v]) => ({ ...a, ...flat(v, p ? `${p}.${k}` : k) }), {});
  const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
  const en = flat(translations("en.default"));
  it.each(["fr", "de", "es"] as const)("%s has the English keys and placeholders", (locale) => {
    const other = flat(translations(locale));
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(other)) expect(vars(v), `${locale} ${k}`).toEqual(vars(en[k]!));
  });
});
