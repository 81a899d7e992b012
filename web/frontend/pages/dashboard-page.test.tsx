import { describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { apiError, fakeBackend, json, renderApp, stubShopify } from "../test-support/fake-backend";
import { shopOverview } from "../test-support/fixtures";

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
      const link = screen.getByRole("link", { name: `View ${label} events` });
      expect(link).toHaveTextContent(count);
    }
    expect(screen.getByRole("link", { name: "View Failed events" })).toHaveAttribute(
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
});
