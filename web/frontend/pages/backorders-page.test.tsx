import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { BulkOutcome, LineView } from "../api/types";
import { parseHash } from "../router";
import { apiError, fakeBackend, json, renderApp, stubShopify } from "../test-support/fake-backend";
import { lineView } from "../test-support/fixtures";
import { BACKORDERS_PAGE_SIZE } from "./backorders-page";

const partial = lineView({ lineItemId: "gid://shopify/LineItem/1", priority: 3 });
const backordered = lineView({
  lineItemId: "gid://shopify/LineItem/2",
  orderId: "gid://shopify/Order/1002",
  orderName: "#1002",
  customer: null,
  productTitle: "Summit Boots",
  variantTitle: null,
  sku: "SB-42",
  status: "backordered",
  quantity: 2,
  inStock: 0,
  allocated: 0,
  waiting: 2,
});
const unnamed = lineView({
  lineItemId: "gid://shopify/LineItem/3",
  orderId: "gid://shopify/Order/1003",
  orderName: null,
  productTitle: null,
  variantId: "gid://shopify/ProductVariant/777",
  status: "allocated",
});

function backendWith(lines: LineView[], nextCursor: string | null = null) {
  return fakeBackend().on("GET /api/backorders/lines", () => json(200, { lines, nextCursor }));
}

const lastQuery = (backend: ReturnType<typeof fakeBackend>) =>
  backend.to("GET", "/api/backorders/lines").at(-1)?.url.searchParams;
const rowOf = (text: string) => screen.getByText(text).closest("tr") as HTMLElement;
/** Polaris also renders every tab in a hidden measurer; the real ones are in the tablist. */
const tab = (name: string) => within(screen.getByRole("tablist")).getByRole("tab", { name });
const route = () => parseHash(window.location.hash);

beforeEach(() => {
  // As in the inbox test: give Polaris Tabs a desktop width so no tab folds into "More views".
  vi.spyOn(HTMLElement.prototype, "offsetWidth", "get").mockReturnValue(1024);
});

/** The server's review (dryRun) or result of a bulk action on the one line `partial`, which changes. */
function planForPartial(
  action: BulkOutcome["action"],
  dryRun: boolean,
  line: { change: BulkOutcome["lines"][number]["change"]; email?: string },
  summary: Partial<BulkOutcome["summary"]> = {},
): BulkOutcome {
  return {
    action,
    dryRun,
    lines: [
      {
        lineItemId: partial.lineItemId,
        orderId: partial.orderId,
        productTitle: "Trail Jacket",
        variantTitle: "Large / Moss",
        sku: "TJ-L-MOSS",
        status: "partially_allocated",
        waiting: 1,
        priority: 3,
        skipped: null,
        result: dryRun ? null : "done",
        error: null,
        change: line.change,
        email: line.email ?? null,
      },
    ],
    summary: {
      chosen: 1,
      changing: 1,
      skipped: 0,
      done: dryRun ? 0 : 1,
      failed: 0,
      units: 0,
      orders: 1,
      emails: 0,
      ...summary,
    },
  };
}

describe("BackordersPage", () => {
  it("lists waiting lines with order, customer, product, status and units now and waiting", async () => {
    stubShopify();
    const backend = backendWith([partial, backordered, unnamed]);
    renderApp("#/backorders");

    expect(await screen.findByRole("heading", { level: 1, name: "Backorders" })).toBeInTheDocument();
    // The heading renders before the list's answer: wait for the rows.
    await screen.findByText("Trail Jacket");
    const first = within(rowOf("Trail Jacket"));
    expect(first.getByText("#1001")).toBeInTheDocument();
    expect(first.getByText("Ada Lovelace")).toBeInTheDocument();
    expect(first.getByText("Large / Moss · TJ-L-MOSS")).toBeInTheDocument();
    expect(first.getByText("Partially allocated")).toBeInTheDocument();
    expect(first.getByText("2 now, 3 waiting")).toBeInTheDocument();
    expect(first.getByText("of 5")).toBeInTheDocument();
    expect(first.getByText("3")).toBeInTheDocument();

    const second = within(rowOf("Summit Boots"));
    expect(second.getByText("No customer")).toBeInTheDocument();
    expect(second.getByText("Backordered")).toBeInTheDocument();
    expect(second.getByText("0 now, 2 waiting")).toBeInTheDocument();

    // A line whose order and product have not been read from Shopify yet still gets a name.
    expect(within(rowOf("Variant 777")).getByText("Order 1003")).toBeInTheDocument();

    const query = lastQuery(backend);
    expect(query?.get("status")).toBe("backordered,partially_allocated");
    expect(query?.get("limit")).toBe(String(BACKORDERS_PAGE_SIZE));
    for (const name of ["cursor", "orderId", "customerId", "variantId", "olderThanDays"]) {
      expect(query?.has(name)).toBe(false);
    }
    expect(backend.to("GET", "/api/backorders/lines")[0]?.headers.get("Authorization")).toBe(
      "Bearer session-token-1",
    );
    expect(tab("Waiting")).toHaveAttribute("aria-selected", "true");
  });

  it("links each line to its detail page", async () => {
    stubShopify();
    backendWith([partial]);
    renderApp("#/backorders");
    const link = await screen.findByRole("link", { name: "Open Trail Jacket on #1001" });
    expect(link).toHaveAttribute("href", "#/backorders/gid%3A%2F%2Fshopify%2FLineItem%2F1");
  });

  it("requests the chosen status when a tab is selected, and keeps it in the URL", async () => {
    stubShopify();
    const backend = backendWith([partial, backordered]);
    renderApp("#/backorders");
    await screen.findByText("Trail Jacket");

    backend.on("GET /api/backorders/lines", () => json(200, { lines: [unnamed], nextCursor: null }));
    fireEvent.click(tab("Allocated"));
    await waitFor(() => expect(screen.queryByText("Trail Jacket")).not.toBeInTheDocument());
    expect(window.location.hash).toBe("#/backorders?status=allocated");
    expect(lastQuery(backend)?.get("status")).toBe("allocated");
    expect(tab("Allocated")).toHaveAttribute("aria-selected", "true");

    fireEvent.click(tab("All"));
    await waitFor(() => expect(window.location.hash).toBe("#/backorders?status=all"));
    await waitFor(() => expect(lastQuery(backend)?.has("status")).toBe(false));
    expect(lastQuery(backend)?.get("limit")).toBe(String(BACKORDERS_PAGE_SIZE));
  });

  it("starts from the filters in the URL", async () => {
    stubShopify();
    const backend = backendWith([backordered]);
    renderApp(
      "#/backorders?status=backordered&orderId=gid%3A%2F%2Fshopify%2FOrder%2F1002&customerId=gid%3A%2F%2Fshopify%2FCustomer%2F9&variantId=gid%3A%2F%2Fshopify%2FProductVariant%2F5&olderThanDays=3",
    );
    await screen.findByText("Summit Boots");
    const query = lastQuery(backend);
    expect(query?.get("status")).toBe("backordered");
    expect(query?.get("orderId")).toBe("gid://shopify/Order/1002");
    expect(query?.get("customerId")).toBe("gid://shopify/Customer/9");
    expect(query?.get("variantId")).toBe("gid://shopify/ProductVariant/5");
    expect(query?.get("olderThanDays")).toBe("3");
    expect(tab("Backordered")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByLabelText("Order ID")).toHaveValue("1002");
    expect(screen.getByLabelText("Age")).toHaveValue("3");
    expect(screen.getByText("Order 1002")).toBeInTheDocument();
    expect(screen.getByText("Customer 9")).toBeInTheDocument();
    expect(screen.getByText("Variant 5")).toBeInTheDocument();
  });

  it("applies order and customer IDs on submit as gids, and removes one with its tag", async () => {
    stubShopify();
    const backend = backendWith([partial]);
    renderApp("#/backorders");
    await screen.findByText("Trail Jacket");

    fireEvent.change(screen.getByLabelText("Order ID"), { target: { value: " 1001 " } });
    fireEvent.change(screen.getByLabelText("Customer ID"), { target: { value: "gid://shopify/Customer/7" } });
    expect(backend.to("GET", "/api/backorders/lines")).toHaveLength(1);
    fireEvent.click(screen.getByRole("button", { name: "Apply filters" }));

    await waitFor(() => expect(lastQuery(backend)?.get("orderId")).toBe("gid://shopify/Order/1001"));
    expect(lastQuery(backend)?.get("customerId")).toBe("gid://shopify/Customer/7");
    expect(lastQuery(backend)?.get("status")).toBe("backordered,partially_allocated");
    expect(route()).toMatchObject({
      name: "backorders",
      filters: { orderId: "gid://shopify/Order/1001", customerId: "gid://shopify/Customer/7" },
    });

    fireEvent.click(await screen.findByRole("button", { name: "Remove Order 1001" }));
    await waitFor(() => expect(lastQuery(backend)?.has("orderId")).toBe(false));
    expect(lastQuery(backend)?.get("customerId")).toBe("gid://shopify/Customer/7");
    expect(screen.getByLabelText("Order ID")).toHaveValue("");

    fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(window.location.hash).toBe("#/backorders"));
    await waitFor(() => expect(lastQuery(backend)?.has("customerId")).toBe(false));
  });

  it("filters by age as soon as one is chosen", async () => {
    stubShopify();
    const backend = backendWith([partial]);
    renderApp("#/backorders?status=all");
    await screen.findByText("Trail Jacket");

    fireEvent.change(screen.getByLabelText("Age"), { target: { value: "7" } });
    await waitFor(() => expect(lastQuery(backend)?.get("olderThanDays")).toBe("7"));
    expect(lastQuery(backend)?.has("status")).toBe(false);
    expect(window.location.hash).toBe("#/backorders?status=all&olderThanDays=7");

    fireEvent.change(screen.getByLabelText("Age"), { target: { value: "" } });
    await waitFor(() => expect(lastQuery(backend)?.has("olderThanDays")).toBe(false));
  });

  it("narrows to one order or one customer from a row", async () => {
    stubShopify();
    const backend = backendWith([partial, backordered]);
    renderApp("#/backorders");
    await screen.findByText("Trail Jacket");

    fireEvent.click(screen.getByRole("link", { name: "Show lines of #1002" }));
    await waitFor(() => expect(lastQuery(backend)?.get("orderId")).toBe("gid://shopify/Order/1002"));

    fireEvent.click(screen.getByRole("link", { name: "Show lines of Ada Lovelace" }));
    await waitFor(() => expect(lastQuery(backend)?.get("customerId")).toBe("gid://shopify/Customer/7"));
    expect(lastQuery(backend)?.get("orderId")).toBe("gid://shopify/Order/1002");
  });

  it("pages forward with nextCursor and back to the first page", async () => {
    stubShopify();
    const backend = fakeBackend().on("GET /api/backorders/lines", ({ url }) =>
      url.searchParams.get("cursor") === "cursor-2"
        ? json(200, { lines: [backordered], nextCursor: null })
        : json(200, { lines: [partial], nextCursor: "cursor-2" }),
    );
    renderApp("#/backorders");
    await screen.findByText("Trail Jacket");
    expect(screen.getByRole("button", { name: "Previous" })).toHaveAttribute("aria-disabled", "true");

    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByText("Summit Boots")).toBeInTheDocument();
    expect(lastQuery(backend)?.get("cursor")).toBe("cursor-2");
    expect(lastQuery(backend)?.get("status")).toBe("backordered,partially_allocated");
    expect(screen.getByRole("button", { name: "Next" })).toHaveAttribute("aria-disabled", "true");

    fireEvent.click(screen.getByRole("button", { name: "Previous" }));
    expect(await screen.findByText("Trail Jacket")).toBeInTheDocument();
    expect(lastQuery(backend)?.has("cursor")).toBe(false);
  });

  it("starts again from the first page when a filter changes", async () => {
    stubShopify();
    const backend = fakeBackend().on("GET /api/backorders/lines", ({ url }) =>
      url.searchParams.get("cursor") === "cursor-2"
        ? json(200, { lines: [backordered], nextCursor: null })
        : json(200, { lines: [partial], nextCursor: "cursor-2" }),
    );
    renderApp("#/backorders");
    await screen.findByText("Trail Jacket");
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByText("Summit Boots");

    fireEvent.click(tab("Backordered"));
    await screen.findByText("Trail Jacket");
    expect(lastQuery(backend)?.get("status")).toBe("backordered");
    expect(lastQuery(backend)?.has("cursor")).toBe(false);
  });

  it("says so when nothing is waiting, and when the filters match nothing", async () => {
    stubShopify();
    backendWith([]);
    renderApp("#/backorders");
    expect(await screen.findByText("No order lines are waiting for stock.")).toBeInTheDocument();

    window.location.hash = "#/backorders?olderThanDays=30";
    expect(await screen.findByText("No lines match these filters.")).toBeInTheDocument();
  });

  it("shows the API's message in a banner when the list cannot be loaded", async () => {
    stubShopify();
    const backend = fakeBackend().on("GET /api/backorders/lines", () =>
      apiError(400, "invalid_request", "Invalid query: orderId: expected a gid://shopify/Order/<id>"),
    );
    renderApp("#/backorders?orderId=nope");
    expect(
      await screen.findByText("Invalid query: orderId: expected a gid://shopify/Order/<id>"),
    ).toBeInTheDocument();
    expect(screen.getByText("Couldn't load this page")).toBeInTheDocument();

    backend.on("GET /api/backorders/lines", () => json(200, { lines: [partial], nextCursor: null }));
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("Trail Jacket")).toBeInTheDocument();
  });
});

describe("BackordersPage: search, sort, bulk actions, export, saved views", () => {
  it("searches on submit and sorts as soon as a sort is chosen, keeping both in the URL", async () => {
    stubShopify();
    const backend = backendWith([partial]);
    renderApp("#/backorders");
    await screen.findByText("Trail Jacket");
    fireEvent.change(screen.getByLabelText("Search"), { target: { value: " ada " } });
    fireEvent.click(screen.getByRole("button", { name: "Apply filters" }));
    await waitFor(() => expect(lastQuery(backend)?.get("q")).toBe("ada"));
    fireEvent.change(screen.getByLabelText("Sort by"), { target: { value: "units" } });
    await waitFor(() => expect(lastQuery(backend)?.get("sort")).toBe("units"));
    expect(route()).toMatchObject({ filters: { q: "ada", sort: "units" } });
  });

  it("sets a priority on the chosen lines after showing what will happen", async () => {
    stubShopify();
    const plan = (dryRun: boolean) => planForPartial("set_priority", dryRun, { change: { priority: 5 } });
    const backend = backendWith([partial, backordered]).on("POST /api/backorders/lines/bulk", ({ body }) =>
      json(200, plan((JSON.parse(body ?? "{}") as { dryRun: boolean }).dryRun)),
    );
    renderApp("#/backorders");
    await screen.findByText("Trail Jacket");
    fireEvent.click(within(rowOf("Trail Jacket")).getByRole("checkbox"));
    fireEvent.click((await screen.findAllByRole("button", { name: "Set priority" }))[0]!);
    fireEvent.change(await screen.findByLabelText("New priority"), { target: { value: "5" } });
    fireEvent.click(screen.getByRole("button", { name: "Review changes" }));
    expect(await screen.findByText("1 line will get the new priority.")).toBeInTheDocument();
    expect(screen.getByText(/priority becomes 5/)).toBeInTheDocument();
    const [review] = backend.to("POST", "/api/backorders/lines/bulk");
    expect(JSON.parse(review!.body!)).toEqual({
      lineItemIds: [partial.lineItemId],
      action: { kind: "set_priority", priority: 5 },
      dryRun: true,
    });
    fireEvent.click(screen.getByRole("button", { name: "Set priority on 1 line" }));
    expect(await screen.findByText("1 done, 0 refused.")).toBeInTheDocument();
    expect(JSON.parse(backend.to("POST", "/api/backorders/lines/bulk")[1]!.body!)).toMatchObject({
      dryRun: false,
    });
  });

  it("cancels waiting units only after a review that says what is refunded and who is told", async () => {
    stubShopify();
    const plan = (dryRun: boolean) =>
      planForPartial(
        "cancel_waiting",
        dryRun,
        { change: { cancelled: 1 }, email: "ada@example.com" },
        {
          units: 1,
          emails: 1,
        },
      );
    const backend = backendWith([partial, backordered]).on("POST /api/backorders/lines/bulk", ({ body }) =>
      json(200, plan((JSON.parse(body ?? "{}") as { dryRun: boolean }).dryRun)),
    );
    renderApp("#/backorders");
    await screen.findByText("Trail Jacket");
    fireEvent.click(within(rowOf("Trail Jacket")).getByRole("checkbox"));
    // One of two rows chosen: every select-all box says "mixed", natively too (axe: aria-conditional-attr).
    await waitFor(() => {
      const mixed = document.querySelectorAll<HTMLInputElement>(
        'input[type="checkbox"][aria-checked="mixed"]',
      );
      expect(mixed.length).toBeGreaterThan(0);
      expect([...mixed].every((box) => box.indeterminate)).toBe(true);
    });
    fireEvent.click((await screen.findAllByRole("button", { name: "Cancel waiting units" }))[0]!);
    expect(await screen.findByText(/1 line will lose its waiting units/)).toBeInTheDocument();
    expect(screen.getByText("Orders: 1")).toBeInTheDocument();
    expect(screen.getByText("Units: 1")).toBeInTheDocument();
    expect(screen.getByText("Emails to customers: 1")).toBeInTheDocument();
    expect(screen.getByText(/1 unit cancelled and refunded, email to ada@example\.com/)).toBeInTheDocument();
    expect(backend.to("POST", "/api/backorders/lines/bulk")).toHaveLength(1);
    fireEvent.click(screen.getByRole("button", { name: "Cancel units on 1 line" }));
    expect(await screen.findByText("1 done, 0 refused.")).toBeInTheDocument();
    expect(JSON.parse(backend.to("POST", "/api/backorders/lines/bulk")[1]!.body!)).toEqual({
      lineItemIds: [partial.lineItemId],
      action: { kind: "cancel_waiting" },
      dryRun: false,
    });
  });

  it("exports the filtered list as a CSV download", async () => {
    const shopify = stubShopify();
    const backend = backendWith([partial]).on(
      "GET /api/backorders/lines.csv",
      () => new Response("Order\r\n#1001\r\n", { status: 200, headers: { "Content-Type": "text/csv" } }),
    );
    const createObjectURL = vi.fn(() => "blob:csv");
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    renderApp("#/backorders?status=allocated&q=ada&sort=oldest");
    await screen.findByText("Trail Jacket");
    fireEvent.click(screen.getAllByRole("button", { name: "Export CSV" })[0]!);
    await waitFor(() => expect(shopify.toast.show).toHaveBeenCalledWith("Export downloaded", undefined));
    const params = backend.to("GET", "/api/backorders/lines.csv")[0]!.url.searchParams;
    expect(Object.fromEntries(params)).toEqual({ status: "allocated", q: "ada", sort: "oldest" });
    expect(createObjectURL).toHaveBeenCalledOnce();
  });
});
