import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { AccuracyReport, DemandReport, InsightsOverview, ReorderReport } from "../api/insights-api";
import { fakeBackend, json, renderApp, stubShopify } from "../test-support/fake-backend";
import { shopOverview } from "../test-support/fixtures";

// The figures test/insights/insights.test.ts computes from known lines, as the API answers them.
const overview: InsightsOverview = {
  currency: "EUR",
  today: "2026-07-31" as InsightsOverview["today"],
  waiting: { units: 11, lines: 4, orders: 4, value: { amount: "105.50", unpricedUnits: 5 } },
  oldest: {
    lineItemId: "gid://shopify/LineItem/3",
    orderId: "gid://shopify/Order/3",
    orderName: "#1003",
    title: "Camp Mug",
    orderCreatedAt: "2026-06-21T12:00:00.000Z",
    days: 40,
    units: 1,
  },
  ageing: [
    { bucket: "0-7", units: 2, lines: 1 },
    { bucket: "8-14", units: 3, lines: 1 },
    { bucket: "15-30", units: 5, lines: 1 },
    { bucket: "30+", units: 1, lines: 1 },
  ],
  atRisk: {
    overdue: 1,
    dueSoon: 1,
    deadlinesComing: 3,
    checkedLines: 4,
    lines: [
      {
        lineItemId: "gid://shopify/LineItem/2",
        orderId: "gid://shopify/Order/2",
        orderName: "#1002",
        title: "Trailblazer Boot – 9",
        units: 3,
        promise: "overdue",
        dueOn: "2026-07-25" as InsightsOverview["today"],
        slipped: false,
        deadline: {
          jurisdiction: "US",
          shipBy: "2026-07-25" as InsightsOverview["today"],
          daysLeft: -6,
          action: "send_delay_notice",
        },
      },
    ],
  },
};

const demand: DemandReport = {
  weeks: [
    { from: "2026-07-17T12:00:00.000Z", to: "2026-07-24T12:00:00.000Z" },
    { from: "2026-07-24T12:00:00.000Z", to: "2026-07-31T12:00:00.000Z" },
  ],
  series: [
    {
      variantId: "gid://shopify/ProductVariant/1",
      title: "Trailblazer Boot – 9",
      sku: "BOOT-9",
      units: [4, 3],
      total: 7,
    },
    { variantId: null, title: "", sku: null, units: [2, 1], total: 3 },
  ],
};

const reorder: ReorderReport = {
  method: { demandWindowDays: 28, defaultLeadTimeDays: 14 },
  lines: [
    {
      variantId: "gid://shopify/ProductVariant/3",
      sku: "SHELL-M",
      title: "Rain Shell – M",
      waitingUnits: 5,
      orderedInWindow: 5,
      leadTime: { days: 14, source: "default" },
      incoming: 0,
      expectedDemand: 3,
      suggested: 8,
    },
  ],
};

const accuracy: AccuracyReport = {
  days: 90,
  overall: {
    key: "",
    shipped: 4,
    onTime: 3,
    late: 1,
    withoutDate: 0,
    onTimePercent: 75,
    averageDaysLate: 2,
    maxDaysLate: 2,
  },
  bySku: [
    {
      key: "BOOT-9",
      shipped: 4,
      onTime: 3,
      late: 1,
      withoutDate: 0,
      onTimePercent: 75,
      averageDaysLate: 2,
      maxDaysLate: 2,
    },
  ],
  byVendor: [
    {
      key: "Acme",
      shipped: 4,
      onTime: 3,
      late: 1,
      withoutDate: 0,
      onTimePercent: 75,
      averageDaysLate: 2,
      maxDaysLate: 2,
    },
  ],
};

function backend() {
  return fakeBackend()
    .on("GET /api/shop", () => json(200, shopOverview()))
    .on("GET /api/insights/overview", () => json(200, overview))
    .on("GET /api/insights/demand", () => json(200, demand))
    .on("GET /api/insights/reorder", () => json(200, reorder))
    .on(
      "GET /api/insights/reorder.csv",
      () => new Response("SKU\r\n", { headers: { "Content-Type": "text/csv" } }),
    )
    .on("GET /api/insights/accuracy", () => json(200, accuracy));
}

const card = (heading: string) =>
  within(
    screen.getByRole("heading", { level: 2, name: heading }).closest(".Polaris-ShadowBevel") as HTMLElement,
  );
const figure = (scope: ReturnType<typeof card>, label: string) => scope.getByText(label).nextElementSibling;

describe("Dashboard insights", () => {
  it("shows what waits, its value in the shop's currency, the oldest wait, the ageing and what is at risk", async () => {
    stubShopify();
    backend();
    renderApp("#/");
    await screen.findByText("Units waiting");
    const top = card("Insights");
    expect(figure(top, "Units waiting")).toHaveTextContent("11");
    expect(figure(top, "Value of waiting units")).toHaveTextContent("€105.50");
    expect(top.getByText("5 units without a known price are not counted.")).toBeInTheDocument();
    expect(figure(top, "Lines waiting")).toHaveTextContent("4");
    expect(figure(top, "Orders waiting")).toHaveTextContent("4");
    expect(top.getByText("40 days")).toBeInTheDocument();
    expect(top.getByRole("link", { name: "Order #1003: Camp Mug" })).toHaveAttribute(
      "href",
      `#/backorders/${encodeURIComponent("gid://shopify/LineItem/3")}`,
    );

    const ageing = card("How long units have waited");
    for (const text of [
      "0–7 days: 2 units on 1 line",
      "8–14 days: 3 units on 1 line",
      "15–30 days: 5 units on 1 line",
      "More than 30 days: 1 unit on 1 line",
    ])
      expect(ageing.getByText(text)).toBeInTheDocument();

    const risk = card("At risk");
    expect(figure(risk, "Promise passed")).toHaveTextContent("1");
    expect(figure(risk, "Promise due soon")).toHaveTextContent("1");
    expect(figure(risk, "Legal deadline coming")).toHaveTextContent("3");
    const row = risk.getByRole("link", { name: "#1002" }).closest("tr") as HTMLElement;
    expect(row).toHaveTextContent("Trailblazer Boot – 9");
    expect(row).toHaveTextContent("Jul 25, 2026");
    expect(row).toHaveTextContent("Passed");
    expect(row).toHaveTextContent("Jul 25, 2026 (US, -6 days)");
  });

  it("charts demand, lists what to reorder with its method, exports it, and shows promise accuracy", async () => {
    stubShopify();
    const api = backend();
    renderApp("#/");
    await screen.findByText("Suggested");
    const demandCard = card("Demand per variant");
    const boot = demandCard
      .getAllByText("Trailblazer Boot – 9")
      .find((el) => el.closest("tr"))!
      .closest("tr")!;
    expect(
      within(boot)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["4", "3"]);
    const other = demandCard
      .getAllByText("Other variants")
      .find((el) => el.closest("tr"))!
      .closest("tr")!;
    expect(
      within(other)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["2", "1"]);

    const reorderCard = card("What to reorder");
    expect(reorderCard.getByText(/units ordered in the last 28 days × lead time ÷ 28/)).toBeInTheDocument();
    const shell = reorderCard.getByText("Rain Shell – M").closest("tr") as HTMLElement;
    expect(
      within(shell)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["SHELL-M", "5", "5", "14 days (default)", "0", "8"]);
    URL.createObjectURL = () => "blob:reorder";
    URL.revokeObjectURL = () => {};
    fireEvent.click(reorderCard.getByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(api.to("GET", "/api/insights/reorder.csv")).toHaveLength(1));

    const accuracyCard = card("Promise accuracy");
    expect(figure(accuracyCard, "Shipped on time")).toHaveTextContent("75 %");
    expect(figure(accuracyCard, "Lines shipped")).toHaveTextContent("4");
    const sku = accuracyCard.getByText("BOOT-9").closest("tr") as HTMLElement;
    expect(
      within(sku)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["4", "3", "1", "75 %", "2", "2"]);
    const vendor = accuracyCard.getByText("Acme").closest("tr") as HTMLElement;
    expect(
      within(vendor)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["4", "3", "1", "75 %", "2", "2"]);
    expect(api.to("GET", "/api/insights/accuracy")[0]?.url.searchParams.get("days")).toBe("90");
  });
});
