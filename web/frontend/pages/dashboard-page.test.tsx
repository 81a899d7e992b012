import { describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { BackorderStats, ReconcileRun } from "../api/types";
import { apiError, fakeBackend, json, renderApp, stubShopify } from "../test-support/fake-backend";
import { shopOverview } from "../test-support/fixtures";

const stats: BackorderStats = {
  lines: { backordered: 4, partially_allocated: 2, allocated: 0, fulfilled: 9 },
  waitingUnits: 11,
  backorderedOrders: 5,
};

const finishedRun: ReconcileRun = {
  id: "run-1",
  trigger: "request",
  status: "completed",
  startedAt: "2026-07-02T08:00:00.000Z",
  finishedAt: "2026-07-02T08:00:09.000Z",
  report: { since: "2026-07-01T08:00:00.000Z", ordersRead: 12, linesChanged: 2 },
  error: null,
};

function dashboardBackend(latest: ReconcileRun | null = null) {
  return fakeBackend()
    .on("GET /api/shop", () => json(200, shopOverview()))
    .on("GET /api/backorders/stats", () => json(200, stats))
    .on("GET /api/backorders/reconcile", () => json(200, { run: latest }));
}

const card = (heading: string) =>
  within(
    screen.getByRole("heading", { level: 2, name: heading }).closest(".Polaris-ShadowBevel") as HTMLElement,
  );

describe("DashboardPage", () => {
  it("shows the shop, its install state and the inbox counts with links to each status", async () => {
    stubShopify();
    const backend = fakeBackend().on("GET /api/shop", () => json(200, shopOverview()));
    renderApp("#/");

    expect(await screen.findByRole("heading", { name: "Waitwell Demo" })).toBeInTheDocument();
    expect(screen.getAllByText("waitwell-demo.myshopify.com").length).toBeGreaterThan(0);
    expect(screen.getByText("Installed")).toBeInTheDocument();
    expect(screen.getByText("waitwell-backorder")).toBeInTheDocument();

    const counts = { Pending: "2", Processing: "1", Processed: "41", Failed: "3", Ignored: "7" };
    for (const [label, count] of Object.entries(counts)) {
      const link = screen.getByRole("link", {
        name: `View ${count} ${label} event${count === "1" ? "" : "s"}`,
      });
      expect(link).toHaveTextContent(count);
    }
    expect(screen.getByRole("link", { name: "View 3 Failed events" })).toHaveAttribute(
      "href",
      "#/inbox?status=DEAD",
    );
    expect(screen.getByRole("link", { name: "View inbox" })).toHaveAttribute("href", "#/inbox");
    expect(backend.to("GET", "/api/shop")[0]?.headers.get("Authorization")).toBe("Bearer session-token-1");
  });

  it("warns about dead events only when there are some", async () => {
    stubShopify();
    fakeBackend().on("GET /api/shop", () => json(200, shopOverview()));
    renderApp("#/");
    expect(await screen.findByText("3 webhook events failed permanently")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Review failed events" })).toHaveAttribute(
      "href",
      "#/inbox?status=DEAD",
    );

    cleanup();
    const one = shopOverview();
    one.inbox.DEAD = 1;
    fakeBackend().on("GET /api/shop", () => json(200, one));
    renderApp("#/");
    expect(await screen.findByText("1 webhook event failed permanently")).toBeInTheDocument();

    cleanup();
    const none = shopOverview();
    none.inbox.DEAD = 0;
    fakeBackend().on("GET /api/shop", () => json(200, none));
    renderApp("#/");
    await screen.findByRole("heading", { name: "Waitwell Demo" });
    expect(screen.queryByText(/failed permanently/)).not.toBeInTheDocument();
  });

  it("marks an uninstalled shop", async () => {
    stubShopify();
    fakeBackend().on("GET /api/shop", () =>
      json(200, shopOverview({ uninstalledAt: "2026-07-03T12:00:00.000Z" })),
    );
    renderApp("#/");
    expect(await screen.findByText("Uninstalled")).toBeInTheDocument();
    expect(screen.getByText(/^Uninstalled Jul \d, 2026/)).toBeInTheDocument();
  });

  it("shows a skeleton until the shop arrives", async () => {
    stubShopify();
    let answer: (response: Response) => void = () => {};
    const backend = fakeBackend().on(
      "GET /api/shop",
      () => new Promise<Response>((resolve) => (answer = resolve)),
    );
    renderApp("#/");
    await waitFor(() => expect(backend.requests).toHaveLength(1));
    expect(screen.getByRole("heading", { name: "Dashboard" })).toBeInTheDocument();
    expect(screen.queryByText("Waitwell Demo")).not.toBeInTheDocument();
    answer(json(200, shopOverview()));
    expect(await screen.findByRole("heading", { name: "Waitwell Demo" })).toBeInTheDocument();
  });

  it("shows the API's message in a banner and loads again on retry", async () => {
    stubShopify();
    const backend = fakeBackend().on("GET /api/shop", () =>
      apiError(503, "database_unavailable", "The database is not reachable right now."),
    );
    renderApp("#/");

    expect(await screen.findByText("The database is not reachable right now.")).toBeInTheDocument();
    expect(screen.getByText("Couldn't load this page")).toBeInTheDocument();

    backend.on("GET /api/shop", () => json(200, shopOverview()));
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { name: "Waitwell Demo" })).toBeInTheDocument();
    expect(backend.to("GET", "/api/shop")).toHaveLength(2);
  });

  it("links to the backorders and settings pages", async () => {
    stubShopify();
    dashboardBackend();
    renderApp("#/");
    await screen.findByRole("heading", { name: "Waitwell Demo" });
    // The page's own links, not the menu's (which has the same names).
    const page = within(screen.getByRole("main"));
    expect(page.getByRole("link", { name: "Backorders" })).toHaveAttribute("href", "#/backorders");
    expect(page.getByRole("link", { name: "Settings" })).toHaveAttribute("href", "#/settings");
    expect(page.getByRole("link", { name: "View backorders" })).toHaveAttribute("href", "#/backorders");
  });

  it("shows waiting units, backordered orders and lines by status with links to each", async () => {
    stubShopify();
    const backend = dashboardBackend();
    renderApp("#/");

    await waitFor(() => expect(card("Backorders").getByText("11")).toBeInTheDocument());
    const backorders = card("Backorders");
    expect(backorders.getByText("Units waiting").nextElementSibling).toHaveTextContent("11");
    expect(backorders.getByText("Orders with backorders").nextElementSibling).toHaveTextContent("5");
    const counts = { Backordered: "4", "Partially allocated": "2", Allocated: "0", Fulfilled: "9" };
    for (const [label, count] of Object.entries(counts)) {
      const name = `View ${count} ${label} line${count === "1" ? "" : "s"}`;
      expect(backorders.getByRole("link", { name })).toHaveTextContent(count);
    }
    expect(backorders.getByRole("link", { name: "View 4 Backordered lines" })).toHaveAttribute(
      "href",
      "#/backorders?status=backordered",
    );
    // Statuses no line has (and that are not the engine's main ones) are left out.
    expect(backorders.queryByRole("link", { name: /Cancelled lines/ })).not.toBeInTheDocument();
    expect(backend.to("GET", "/api/backorders/stats")[0]?.headers.get("Authorization")).toMatch(/^Bearer /);
  });

  it("keeps the shop visible when the backorder numbers cannot be loaded, and retries them alone", async () => {
    stubShopify();
    const backend = dashboardBackend().on("GET /api/backorders/stats", () =>
      apiError(503, "database_unavailable", "The database is not reachable right now."),
    );
    renderApp("#/");
    expect(await screen.findByText("Couldn't load the backorder numbers")).toBeInTheDocument();
    expect(screen.getByText("The database is not reachable right now.")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Waitwell Demo" })).toBeInTheDocument();

    backend.on("GET /api/backorders/stats", () => json(200, stats));
    fireEvent.click(card("Backorders").getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(card("Backorders").getByText("Units waiting")).toBeInTheDocument());
    expect(backend.to("GET", "/api/shop")).toHaveLength(1);
  });

  it("shows the last reconcile run's report", async () => {
    stubShopify();
    dashboardBackend(finishedRun);
    renderApp("#/");
    await waitFor(() => expect(card("Reconcile").getByText("Completed")).toBeInTheDocument());
    const reconcile = card("Reconcile");
    expect(reconcile.getByText("Finished").nextElementSibling).toHaveTextContent(/^Jul 2, 2026/);
    expect(reconcile.getByText("Orders read").nextElementSibling).toHaveTextContent("12");
    expect(reconcile.getByText("Lines changed").nextElementSibling).toHaveTextContent("2");
  });

  it("starts a reconcile and shows the run it returns", async () => {
    const shopify = stubShopify();
    const backend = dashboardBackend().on("POST /api/backorders/reconcile", () =>
      json(202, {
        run: { id: "run-2", status: "running", startedAt: "2026-07-03T08:00:00.000Z", finishedAt: null },
      }),
    );
    renderApp("#/");
    await waitFor(() => expect(card("Reconcile").getByText("No reconcile has run yet.")).toBeInTheDocument());

    fireEvent.click(card("Reconcile").getByRole("button", { name: "Reconcile now" }));
    await waitFor(() => expect(card("Reconcile").getByText("Running")).toBeInTheDocument());
    expect(card("Reconcile").getByText("Still running")).toBeInTheDocument();
    expect(backend.to("POST", "/api/backorders/reconcile")).toHaveLength(1);
    expect(shopify.toast.show).toHaveBeenCalledWith("Reconcile started", undefined);

    backend.on("GET /api/backorders/reconcile", () => json(200, { run: { ...finishedRun, id: "run-2" } }));
    fireEvent.click(card("Reconcile").getByRole("button", { name: "Refresh" }));
    await waitFor(() => expect(card("Reconcile").getByText("Completed")).toBeInTheDocument());
    expect(backend.to("GET", "/api/backorders/reconcile")).toHaveLength(2);
  });

  it("shows why a reconcile could not start", async () => {
    stubShopify();
    dashboardBackend().on("POST /api/backorders/reconcile", () =>
      apiError(409, "conflict", "A reconcile is already running for this shop."),
    );
    renderApp("#/");
    fireEvent.click(await screen.findByRole("button", { name: "Reconcile now" }));
    expect(await screen.findByText("A reconcile is already running for this shop.")).toBeInTheDocument();
    expect(screen.getByText("Couldn't start a reconcile")).toBeInTheDocument();
  });
});
