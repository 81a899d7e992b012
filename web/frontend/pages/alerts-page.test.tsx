import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { AlertSettings, AlertView } from "../api/alerts-api";
import { apiError, fakeBackend, json, renderApp, stubShopify } from "../test-support/fake-backend";
import { settingsBody } from "../test-support/fixtures";

const cap: AlertView = {
  id: "a-cap",
  kind: "cap_reached",
  detail: {
    variantId: "gid://shopify/ProductVariant/7",
    title: "Summit Jacket XL",
    sku: "SDJ-XL",
    cap: 3,
    waitingUnits: 3,
  },
  detectedAt: "2026-12-07T09:00:00.000Z",
  resolvedAt: null,
  emailedAt: "2026-12-07T09:00:01.000Z",
  acknowledgedAt: null,
  dismissedAt: null,
};
const dead: AlertView = {
  id: "a-dead",
  kind: "webhook_dead",
  detail: { inboxId: "row-1", topic: "orders/create", webhookId: "w-1", error: "Invalid payload: id" },
  detectedAt: "2026-12-07T08:00:00.000Z",
  resolvedAt: null,
  emailedAt: null,
  acknowledgedAt: "2026-12-07T08:30:00.000Z",
  dismissedAt: null,
};
const risk: AlertView = {
  id: "a-risk",
  kind: "promise_at_risk",
  detail: {
    lineItemId: "gid://shopify/LineItem/9",
    orderId: "gid://shopify/Order/9",
    orderName: "#1009",
    title: "Trail Boot",
    units: 2,
    state: "overdue",
    dueOn: "2026-12-04",
  },
  detectedAt: "2026-12-07T07:00:00.000Z",
  resolvedAt: "2026-12-07T10:00:00.000Z",
  emailedAt: null,
  acknowledgedAt: null,
  dismissedAt: null,
};

const SETTINGS: AlertSettings = {
  kinds: { cap_reached: true, promise_at_risk: true, legal_deadline: true, webhook_dead: true },
  recipients: ["ops@shop.example"],
  delivery: "digest",
  digestHour: 8,
  language: "en",
};

const itemOf = (text: string | RegExp) => screen.getByText(text).closest("li") as HTMLElement;

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, "offsetWidth", "get").mockReturnValue(1024);
});

describe("AlertsPage", () => {
  it("lists each alert with what it is about, its state and a way to act on it", async () => {
    stubShopify();
    const backend = fakeBackend().on("GET /api/alerts", () => json(200, { alerts: [cap, dead, risk] }));
    renderApp("#/alerts");

    const jacket = await screen.findByText(
      "Summit Jacket XL (SDJ-XL): 3 waiting, the cap of 3 is reached. It no longer sells on backorder.",
    );
    const capItem = within(jacket.closest("li") as HTMLElement);
    expect(capItem.getByRole("heading", { name: "Backorder cap reached" })).toBeInTheDocument();
    expect(capItem.getByText("New")).toBeInTheDocument();
    expect(capItem.getByText("Emailed")).toBeInTheDocument();

    const deadItem = within(itemOf("orders/create could not be processed: Invalid payload: id"));
    expect(deadItem.getByText("Acknowledged")).toBeInTheDocument();
    // Already acknowledged: only dismiss is offered.
    expect(deadItem.queryByRole("button", { name: /^Acknowledge alert/ })).toBeNull();
    expect(deadItem.getByRole("link", { name: "Open the webhook inbox" })).toHaveAttribute(
      "href",
      "#/inbox?status=DEAD",
    );

    const riskItem = within(itemOf(/^#1009, Trail Boot × 2: was promised for /));
    expect(riskItem.getByText("Resolved")).toBeInTheDocument();
    expect(riskItem.getByRole("link", { name: "Open the line" })).toHaveAttribute(
      "href",
      "#/backorders/gid%3A%2F%2Fshopify%2FLineItem%2F9",
    );
    expect(backend.to("GET", "/api/alerts")[0]?.url.searchParams.get("dismissed")).toBe("0");
  });

  it("acknowledges and dismisses through the API, then reloads the list", async () => {
    const shopify = stubShopify();
    let listed = [cap];
    const backend = fakeBackend()
      .on("GET /api/alerts", () => json(200, { alerts: listed }))
      .on("POST /api/alerts/a-cap/acknowledge", () => {
        listed = [{ ...cap, acknowledgedAt: "2026-12-07T11:00:00.000Z" }];
        return json(200, { ok: true });
      })
      .on("POST /api/alerts/a-cap/dismiss", () => {
        listed = [];
        return json(200, { ok: true });
      });
    renderApp("#/alerts");

    const list = within(await screen.findByRole("list", { name: "Alerts" }));
    fireEvent.click(list.getByRole("button", { name: /^Acknowledge alert: Backorder cap reached/ }));
    await screen.findByText("Acknowledged");
    expect(backend.to("POST", "/api/alerts/a-cap/acknowledge")).toHaveLength(1);
    expect(shopify.toast.show).toHaveBeenCalledWith("Alert acknowledged", undefined);

    const after = within(screen.getByRole("list", { name: "Alerts" }));
    fireEvent.click(after.getByRole("button", { name: /^Dismiss alert: Backorder cap reached/ }));
    expect(await screen.findByText("Nothing needs you")).toBeInTheDocument();
    expect(backend.to("POST", "/api/alerts/a-cap/dismiss")).toHaveLength(1);
  });

  it("shows dismissed alerts on the All tab", async () => {
    stubShopify();
    const backend = fakeBackend().on("GET /api/alerts", (r) =>
      json(200, {
        alerts:
          r.url.searchParams.get("dismissed") === "1"
            ? [{ ...cap, dismissedAt: "2026-12-07T12:00:00.000Z" }]
            : [],
      }),
    );
    renderApp("#/alerts");
    await screen.findByText("Nothing needs you");
    fireEvent.click(within(screen.getByRole("tablist")).getByRole("tab", { name: "All, with dismissed" }));
    expect(await screen.findByText("Dismissed")).toBeInTheDocument();
    expect(backend.to("GET", "/api/alerts").at(-1)?.url.searchParams.get("dismissed")).toBe("1");
  });

  it("speaks the admin's language", async () => {
    stubShopify();
    fakeBackend().on("GET /api/alerts", () => json(200, { alerts: [cap] }));
    renderApp("#/alerts", "fr");
    expect(
      await screen.findByRole("heading", { name: "Plafond de précommandes atteint" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /^Ignorer l'alerte/ })).toBeInTheDocument();
  });
});

describe("the alert settings on the settings page", () => {
  function backendWithSettings() {
    return fakeBackend()
      .on("GET /api/settings", () => json(200, settingsBody()))
      .on("GET /api/alerts/settings", () => json(200, { settings: SETTINGS }));
  }
  const saveAlerts = () => screen.getByRole("button", { name: "Save alert settings" });
  const putBody = (backend: ReturnType<typeof fakeBackend>) =>
    JSON.parse(backend.to("PUT", "/api/alerts/settings").at(-1)?.body ?? "null") as unknown;

  it("shows the stored choices and saves a change as the whole settings", async () => {
    stubShopify();
    const backend = backendWithSettings().on("PUT /api/alerts/settings", (r) =>
      json(200, { settings: JSON.parse(r.body ?? "{}") as unknown }),
    );
    renderApp("#/settings");

    const recipients = await screen.findByLabelText("Recipients");
    expect(recipients).toHaveValue("ops@shop.example");
    expect(screen.getByLabelText("One daily digest")).toBeChecked();
    expect(screen.getByLabelText("Digest time (the shop's time zone)")).toHaveValue("8");
    expect(saveAlerts()).toHaveAttribute("aria-disabled", "true");

    fireEvent.click(screen.getByLabelText("Webhook failed"));
    fireEvent.change(recipients, { target: { value: "ops@shop.example\nowner@shop.example" } });
    fireEvent.click(screen.getByLabelText("At once, as soon as something is found"));
    expect(screen.getByLabelText("Digest time (the shop's time zone)")).toBeDisabled();
    fireEvent.click(saveAlerts());

    await waitFor(() => expect(backend.to("PUT", "/api/alerts/settings")).toHaveLength(1));
    expect(putBody(backend)).toEqual({
      kinds: { ...SETTINGS.kinds, webhook_dead: false },
      recipients: ["ops@shop.example", "owner@shop.example"],
      delivery: "immediate",
      digestHour: 8,
      language: "en",
    });
    // The whole settings page renders: slow in jsdom on a busy machine.
  }, 60_000);

  it("names a bad address before sending anything, and the server's 400 when it refuses", async () => {
    stubShopify();
    const backend = backendWithSettings().on("PUT /api/alerts/settings", () =>
      apiError(400, "invalid_request", "Invalid alert settings: alerts.recipients.0: not an email address"),
    );
    renderApp("#/settings");

    const recipients = await screen.findByLabelText("Recipients");
    fireEvent.change(recipients, { target: { value: "ops@shop" } });
    fireEvent.click(saveAlerts());
    expect(await screen.findByText("Not an email address: ops@shop")).toBeInTheDocument();
    expect(backend.to("PUT", "/api/alerts/settings")).toHaveLength(0);

    // The server has the last word (its check may be stricter than the admin's).
    fireEvent.change(recipients, { target: { value: "ops@shop.example" } });
    fireEvent.click(screen.getByLabelText("At once, as soon as something is found"));
    fireEvent.click(saveAlerts());
    expect(await screen.findByText("The alert settings were not saved")).toBeInTheDocument();
    expect(screen.getByText("Not an email address: ops@shop.example")).toBeInTheDocument();
  }, 60_000);
});
