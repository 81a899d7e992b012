import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { InboxEvent } from "../api/types";
import { apiError, fakeBackend, json, renderApp, stubShopify } from "../test-support/fake-backend";
import { inboxEvent } from "../test-support/fixtures";
import { INBOX_PAGE_SIZE } from "./inbox-page";

const processed = inboxEvent({ id: "evt-1", topic: "orders/create" });
const pending = inboxEvent({
  id: "evt-2",
  topic: "inventory_levels/update",
  status: "PENDING",
  attempts: 2,
  processedAt: null,
  lastError: "Admin API throttled",
  nextAttemptAt: "2026-07-02T10:05:00.000Z",
});
const dead = inboxEvent({
  id: "evt-3",
  topic: "orders/updated",
  status: "DEAD",
  attempts: 8,
  processedAt: null,
  lastError: "Order gid://shopify/Order/1 not found",
});

function backendWith(events: InboxEvent[], nextCursor: string | null = null) {
  return fakeBackend().on("GET /api/inbox", () => json(200, { events, nextCursor }));
}

const rowOf = (topic: string) => screen.getByText(topic).closest("tr") as HTMLElement;
/** Polaris also renders every tab in a hidden measurer; the real ones are in the tablist. */
const tab = (name: string) => within(screen.getByRole("tablist")).getByRole("tab", { name });

beforeEach(() => {
  // jsdom lays nothing out, so Polaris Tabs would see a 0px wide bar and fold every tab but the selected one into
  // "More views". Give elements a desktop width so the tabs are laid out as a merchant sees them.
  vi.spyOn(HTMLElement.prototype, "offsetWidth", "get").mockReturnValue(1024);
});

describe("InboxPage", () => {
  it("lists events with topic, status, attempts and last error", async () => {
    stubShopify();
    const backend = backendWith([processed, pending, dead]);
    renderApp("#/inbox");

    expect(await screen.findByText("orders/create")).toBeInTheDocument();
    const row = within(rowOf("inventory_levels/update"));
    expect(row.getByText("Pending")).toBeInTheDocument();
    expect(row.getByText("2")).toBeInTheDocument();
    expect(row.getByText("Admin API throttled")).toBeInTheDocument();
    expect(row.getByText(/^Next attempt Jul \d, 2026/)).toBeInTheDocument();
    expect(within(rowOf("orders/updated")).getByText("Failed")).toBeInTheDocument();

    const query = backend.to("GET", "/api/inbox")[0]?.url.searchParams;
    expect(query?.get("limit")).toBe(String(INBOX_PAGE_SIZE));
    expect(query?.has("status")).toBe(false);
    expect(query?.has("cursor")).toBe(false);
  });

  it("offers Replay only on dead events", async () => {
    stubShopify();
    backendWith([processed, pending, dead]);
    renderApp("#/inbox");
    await screen.findByText("orders/create");
    expect(screen.getAllByRole("button", { name: /^Replay/ })).toHaveLength(1);
    expect(
      within(rowOf("orders/updated")).getByRole("button", { name: "Replay orders/updated event evt-3" }),
    ).toBeVisible();
  });

  it("requests the chosen status when a tab is selected, and keeps it in the URL", async () => {
    stubShopify();
    const backend = backendWith([processed, pending, dead]);
    renderApp("#/inbox");
    await screen.findByText("orders/create");

    backend.on("GET /api/inbox", () => json(200, { events: [dead], nextCursor: null }));
    fireEvent.click(tab("Failed"));

    await waitFor(() => expect(screen.queryByText("orders/create")).not.toBeInTheDocument());
    expect(window.location.hash).toBe("#/inbox?status=DEAD");
    expect(backend.to("GET", "/api/inbox").at(-1)?.url.searchParams.get("status")).toBe("DEAD");
    expect(tab("Failed")).toHaveAttribute("aria-selected", "true");
  });

  it("starts from the status in the URL", async () => {
    stubShopify();
    const backend = backendWith([pending]);
    renderApp("#/inbox?status=PENDING");
    await screen.findByText("inventory_levels/update");
    expect(backend.to("GET", "/api/inbox")[0]?.url.searchParams.get("status")).toBe("PENDING");
    expect(tab("Pending")).toHaveAttribute("aria-selected", "true");
  });

  it("pages forward with nextCursor and back to the first page", async () => {
    stubShopify();
    const backend = fakeBackend().on("GET /api/inbox", ({ url }) =>
      url.searchParams.get("cursor") === "cursor-2"
        ? json(200, { events: [dead], nextCursor: null })
        : json(200, { events: [processed], nextCursor: "cursor-2" }),
    );
    renderApp("#/inbox");
    await screen.findByText("orders/create");
    expect(screen.getByRole("button", { name: "Previous" })).toHaveAttribute("aria-disabled", "true");

    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByText("orders/updated")).toBeInTheDocument();
    expect(backend.to("GET", "/api/inbox").at(-1)?.url.searchParams.get("cursor")).toBe("cursor-2");
    expect(screen.getByRole("button", { name: "Previous" })).not.toHaveAttribute("aria-disabled");
    expect(screen.getByRole("button", { name: "Next" })).toHaveAttribute("aria-disabled", "true");

    fireEvent.click(screen.getByRole("button", { name: "Previous" }));
    expect(await screen.findByText("orders/create")).toBeInTheDocument();
    expect(backend.to("GET", "/api/inbox").at(-1)?.url.searchParams.has("cursor")).toBe(false);
  });

  it("replays a dead event, says so in a toast and refreshes the list", async () => {
    const shopify = stubShopify();
    let events = [processed, dead];
    const backend = fakeBackend()
      .on("GET /api/inbox", () => json(200, { events, nextCursor: null }))
      .on("POST /api/inbox/evt-3/replay", () => {
        const replayed = { ...dead, status: "PENDING" as const, attempts: 0, lastError: null };
        events = [processed, replayed];
        return json(200, replayed);
      });
    renderApp("#/inbox");
    fireEvent.click(await screen.findByRole("button", { name: "Replay orders/updated event evt-3" }));

    await waitFor(() => expect(within(rowOf("orders/updated")).getByText("Pending")).toBeInTheDocument());
    expect(backend.to("POST", "/api/inbox/evt-3/replay")).toHaveLength(1);
    expect(backend.to("GET", "/api/inbox")).toHaveLength(2);
    expect(shopify.toast.show).toHaveBeenCalledWith("Replaying orders/updated event", undefined);
    expect(screen.queryByRole("button", { name: /^Replay/ })).not.toBeInTheDocument();
  });

  it("shows the API's reason in an error toast when a replay is refused", async () => {
    const shopify = stubShopify();
    const backend = backendWith([dead]).on("POST /api/inbox/evt-3/replay", () =>
      apiError(409, "not_dead", "Only dead events can be replayed."),
    );
    renderApp("#/inbox");
    fireEvent.click(await screen.findByRole("button", { name: "Replay orders/updated event evt-3" }));

    await waitFor(() =>
      expect(shopify.toast.show).toHaveBeenCalledWith("Only dead events can be replayed.", { isError: true }),
    );
    await waitFor(() => expect(backend.to("GET", "/api/inbox")).toHaveLength(2));
  });

  it("says so when there are no events", async () => {
    stubShopify();
    backendWith([]);
    renderApp("#/inbox?status=DEAD");
    expect(await screen.findByText("No events with status Failed.")).toBeInTheDocument();
  });

  it("shows the API's message in a banner when the list cannot be loaded", async () => {
    stubShopify();
    const backend = fakeBackend().on("GET /api/inbox", () =>
      apiError(400, "invalid_query", "limit must be between 1 and 100"),
    );
    renderApp("#/inbox");
    expect(await screen.findByText("limit must be between 1 and 100")).toBeInTheDocument();

    backend.on("GET /api/inbox", () => json(200, { events: [processed], nextCursor: null }));
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("orders/create")).toBeInTheDocument();
  });
});
