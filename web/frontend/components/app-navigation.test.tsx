import { describe, expect, it } from "vitest";
import { fireEvent, screen, within } from "@testing-library/react";
import { NAV_ENTRIES } from "../navigation";
import { hrefFor } from "../router";
import { fakeBackend, json, renderApp, stubShopify } from "../test-support/fake-backend";
import { lineView } from "../test-support/fixtures";
import { hasAppBridgeNavMenu } from "./app-navigation";

const LABELS = [
  "Dashboard",
  "Backorders",
  "Backorder rules",
  "Substitutes",
  "Supplier feeds",
  "Webhook inbox",
  "Customer emails",
  "Alerts",
  "Settings",
];

function menu() {
  return within(screen.getByRole("navigation"));
}

describe("the admin's menu in local mode (no App Bridge navigation)", () => {
  it("lists every entry of navigation.ts, in order, each a link to its page", () => {
    stubShopify();
    fakeBackend();
    renderApp("#/nowhere");
    const links = menu().getAllByRole("link");
    expect(links.map((link) => link.textContent)).toEqual(LABELS);
    expect(links.map((link) => link.getAttribute("href"))).toEqual(
      NAV_ENTRIES.map((entry) => hrefFor(entry.route)),
    );
  });

  it("marks the entry of the page shown, the backorders entry on a line's page", async () => {
    stubShopify();
    const line = lineView({ lineItemId: "gid://shopify/LineItem/42" });
    fakeBackend().on("GET /api/backorders/lines/gid%3A%2F%2Fshopify%2FLineItem%2F42", () =>
      json(200, { line, history: [] }),
    );
    renderApp("#/backorders/gid%3A%2F%2Fshopify%2FLineItem%2F42");
    await screen.findByRole("heading", { level: 1, name: "Trail Jacket" });
    const selected = menu()
      .getAllByRole("link")
      .filter((link) => link.closest(".Polaris-Navigation__Item--selected"))
      .map((link) => link.textContent);
    expect(selected).toEqual(["Backorders"]);
  });

  it("skips to the content without leaving the page", () => {
    stubShopify();
    fakeBackend();
    renderApp("#/nowhere");
    fireEvent.click(screen.getByRole("link", { name: "Skip to content" }));
    expect(window.location.hash).toBe("#/nowhere");
    expect(document.activeElement?.id).toBe("waitwell-content");
  });

  it("speaks the admin's language", () => {
    stubShopify();
    fakeBackend();
    renderApp("#/nowhere", "de");
    expect(
      menu()
        .getAllByRole("link")
        .map((link) => link.textContent),
    ).toEqual([
      "Übersicht",
      "Rückstände",
      "Vorbestellungsregeln",
      "Ersatzprodukte",
      "Lieferanten-Feeds",
      "Webhook-Eingang",
      "Kunden-E-Mails",
      "Warnungen",
      "Einstellungen",
    ]);
  });
});

describe("the admin's menu inside Shopify admin", () => {
  it("hands the entries to App Bridge's <ui-nav-menu>, home first, and draws no menu of its own", () => {
    expect(hasAppBridgeNavMenu()).toBe(false);
    // What App Bridge's script does on load (the element itself is App Bridge's; an empty one stands in here).
    customElements.define("ui-nav-menu", class extends HTMLElement {});
    expect(hasAppBridgeNavMenu()).toBe(true);
    stubShopify();
    fakeBackend();
    const { container } = renderApp("#/nowhere");
    const anchors = [...container.querySelectorAll("ui-nav-menu > a")];
    expect(anchors.map((a) => [a.getAttribute("href"), a.getAttribute("rel"), a.textContent])).toEqual([
      ["/", "home", "Waitwell"],
      ["/#/backorders", null, "Backorders"],
      ["/#/rules", null, "Backorder rules"],
      ["/#/substitutes", null, "Substitutes"],
      ["/#/feeds", null, "Supplier feeds"],
      ["/#/inbox", null, "Webhook inbox"],
      ["/#/customer-emails", null, "Customer emails"],
      ["/#/alerts", null, "Alerts"],
      ["/#/settings", null, "Settings"],
    ]);
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
  });
});
