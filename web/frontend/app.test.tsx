import { describe, expect, it, onTestFinished, vi } from "vitest";
import { fireEvent, screen } from "@testing-library/react";
import { findAppBridge } from "./app-bridge";
import { hasMessage, plural, t } from "./locales/t";
import { hrefFor, NO_BACKORDER_FILTERS, parseHash, type Route } from "./router";
import { fakeBackend, json, renderApp, stubShopify } from "./test-support/fake-backend";
import { lineView, shopOverview } from "./test-support/fixtures";

describe("App", () => {
  it("explains where to open the app when there is no App Bridge", () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    renderApp("#/");
    expect(screen.getByText("Open Waitwell from Shopify admin")).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
  });

  it("goes from the dashboard to the inbox through its link", async () => {
    stubShopify();
    const backend = fakeBackend()
      .on("GET /api/shop", () => json(200, shopOverview()))
      .on("GET /api/inbox", () => json(200, { events: [], nextCursor: null }));
    renderApp("#/");
    fireEvent.click(await screen.findByRole("link", { name: "View inbox" }));

    // The dashboard has a "Webhook inbox" card too; the inbox page is the one whose title (h1) it is.
    await screen.findByRole("heading", { level: 1, name: "Webhook inbox" });
    expect(window.location.hash).toBe("#/inbox");
    expect(
      await screen.findByText("Webhooks from Shopify will appear here as they arrive."),
    ).toBeInTheDocument();
    expect(backend.to("GET", "/api/inbox")).toHaveLength(1);
  });

  it("goes from the dashboard to the backorders, to a line and back", async () => {
    stubShopify();
    const line = lineView({ lineItemId: "gid://shopify/LineItem/42" });
    fakeBackend()
      .on("GET /api/shop", () => json(200, shopOverview()))
      .on("GET /api/backorders/stats", () => json(200, { lines: {}, waitingUnits: 0, backorderedOrders: 0 }))
      .on("GET /api/backorders/reconcile", () => json(200, null))
      .on("GET /api/backorders/lines", () => json(200, { lines: [line], nextCursor: null }))
      .on("GET /api/backorders/lines/gid%3A%2F%2Fshopify%2FLineItem%2F42", () =>
        json(200, { line, history: [] }),
      );
    renderApp("#/");
    fireEvent.click(await screen.findByRole("link", { name: "View backorders" }));
    await screen.findByRole("heading", { level: 1, name: "Backorders" });
    expect(window.location.hash).toBe("#/backorders");

    fireEvent.click(await screen.findByRole("link", { name: "Open Trail Jacket on #1001" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Trail Jacket" })).toBeInTheDocument();
    expect(window.location.hash).toBe("#/backorders/gid%3A%2F%2Fshopify%2FLineItem%2F42");
  });

  it("speaks the merchant's language: the dashboard in French", async () => {
    stubShopify();
    fakeBackend()
      .on("GET /api/shop", () => json(200, shopOverview()))
      .on("GET /api/backorders/stats", () => json(200, { lines: {}, waitingUnits: 0, backorderedOrders: 0 }))
      .on("GET /api/backorders/reconcile", () => json(200, null));
    renderApp("#/", "fr");
    expect(await screen.findByRole("heading", { level: 1, name: "Waitwell Demo" })).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: "Voir les commandes en attente" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Tableau de bord" })).toHaveAttribute("href", "#/");
    expect(screen.queryByText("View backorders")).not.toBeInTheDocument();
  });

  it("shows a not-found page for unknown routes", () => {
    stubShopify();
    fakeBackend();
    renderApp("#/nowhere");
    expect(screen.getByText("There is no page at /nowhere.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to the dashboard" })).toHaveAttribute("href", "#/");
  });

  it("contains a page that crashes on an unexpected answer and recovers on navigation", async () => {
    // React (development build) reports the render error to the console and as a window error; both are expected.
    vi.spyOn(console, "error").mockImplementation(() => {});
    const expected = (event: ErrorEvent) => event.preventDefault();
    window.addEventListener("error", expected);
    onTestFinished(() => window.removeEventListener("error", expected));
    stubShopify();
    fakeBackend()
      .on("GET /api/shop", () => json(200, { unexpected: true }))
      .on("GET /api/inbox", () => json(200, { events: [], nextCursor: null }));
    renderApp("#/");
    expect(await screen.findByText("Something went wrong on this page")).toBeInTheDocument();

    window.location.hash = "#/inbox";
    await screen.findByRole("heading", { level: 1, name: "Webhook inbox" });
    expect(screen.queryByText("Something went wrong on this page")).not.toBeInTheDocument();
  });
});

describe("router", () => {
  it.each<[string, Route]>([
    ["", { name: "dashboard" }],
    ["#", { name: "dashboard" }],
    ["#/", { name: "dashboard" }],
    ["#/inbox", { name: "inbox", status: null }],
    ["#/inbox/", { name: "inbox", status: null }],
    ["#/inbox?status=DEAD", { name: "inbox", status: "DEAD" }],
    ["#/inbox?status=dead", { name: "inbox", status: null }],
    ["#/inbox?status=NOPE&x=1", { name: "inbox", status: null }],
    ["#/backorders", { name: "backorders", filters: NO_BACKORDER_FILTERS }],
    ["#/backorders/", { name: "backorders", filters: NO_BACKORDER_FILTERS }],
    ["#/backorders?status=all", { name: "backorders", filters: { ...NO_BACKORDER_FILTERS, view: "all" } }],
    ["#/backorders?status=nope", { name: "backorders", filters: NO_BACKORDER_FILTERS }],
    [
      "#/backorders?status=allocated&orderId=gid%3A%2F%2Fshopify%2FOrder%2F1&olderThanDays=7",
      {
        name: "backorders",
        filters: {
          ...NO_BACKORDER_FILTERS,
          view: "allocated",
          orderId: "gid://shopify/Order/1",
          olderThanDays: 7,
        },
      },
    ],
    ["#/backorders?olderThanDays=-3", { name: "backorders", filters: NO_BACKORDER_FILTERS }],
    [
      "#/backorders/gid%3A%2F%2Fshopify%2FLineItem%2F42",
      { name: "backorderLine", lineItemId: "gid://shopify/LineItem/42" },
    ],
    ["#/backorders/%E0%A4%A", { name: "notFound", path: "/backorders/%E0%A4%A" }],
    ["#/backorders/a/b", { name: "notFound", path: "/backorders/a/b" }],
    ["#/settings", { name: "settings" }],
  ])("parses %j", (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
  });

  it.each<Route>([
    { name: "dashboard" },
    { name: "inbox", status: null },
    { name: "inbox", status: "PENDING" },
    { name: "backorders", filters: NO_BACKORDER_FILTERS },
    {
      name: "backorders",
      filters: {
        view: "partially_allocated",
        q: "ada & co #1001",
        sort: "units",
        orderId: "gid://shopify/Order/1",
        customerId: "gid://shopify/Customer/2",
        variantId: "gid://shopify/ProductVariant/3",
        olderThanDays: 14,
      },
    },
    { name: "backorderLine", lineItemId: "gid://shopify/LineItem/42?x=1" },
    { name: "settings" },
  ])("round-trips %j", (route) => expect(parseHash(hrefFor(route))).toEqual(route));
});

describe("t", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(t("inbox.replay.done", { topic: "orders/create" })).toBe("Replaying orders/create event");
    expect(t("inbox.replay.done")).toBe("Replaying {topic} event");
  });

  it.each([
    [0, "other"],
    [1, "one"],
    [2, "other"],
  ])("picks the plural form for %i", (count, form) => {
    expect(plural(count)).toBe(form);
  });

  it("knows which run-time keys exist", () => {
    expect(hasMessage("errors.NETWORK_ERROR")).toBe(true);
    expect(hasMessage("errors.not_a_code")).toBe(false);
    expect(hasMessage("errors")).toBe(false);
  });
});

describe("findAppBridge", () => {
  it.each([
    ["nothing", undefined, false],
    ["an object without idToken", { toast: { show() {} } }, false],
    ["an object without toast.show", { idToken: async () => "t", toast: {} }, false],
    ["App Bridge or the local stand-in", { idToken: async () => "t", toast: { show() {} } }, true],
  ])("accepts %s: %#", (_case, shopify, found) => {
    expect(findAppBridge({ shopify }) !== null).toBe(found);
  });
});
