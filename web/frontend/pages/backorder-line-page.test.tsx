import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { LineDetail, LineView } from "../api/types";
import { apiError, fakeBackend, json, renderApp, stubShopify } from "../test-support/fake-backend";
import { lineHistoryEntry, lineView } from "../test-support/fixtures";

const LINE_ID = "gid://shopify/LineItem/42";
const HASH = `#/backorders/${encodeURIComponent(LINE_ID)}`;
const PATH = `/api/backorders/lines/${encodeURIComponent(LINE_ID)}`;

const line = lineView({ lineItemId: LINE_ID });
const history = [
  lineHistoryEntry(),
  lineHistoryEntry({
    at: "2026-07-02T09:00:00.000Z",
    cause: { kind: "staff", ref: "user:99" },
    event: { type: "allocate", units: 1 },
    from: "backordered",
    to: "partially_allocated",
    before: { quantity: 5, inStock: 1, allocated: 0, waiting: 4 },
    after: { quantity: 5, inStock: 1, allocated: 1, waiting: 3 },
  }),
  lineHistoryEntry({
    at: "2026-07-02T10:00:00.000Z",
    cause: { kind: "job", ref: "reconcile" },
    event: { type: "reprioritise", priority: 5 },
    from: "partially_allocated",
    to: "partially_allocated",
    before: { quantity: 5, inStock: 1, allocated: 1, waiting: 3 },
    after: { quantity: 5, inStock: 1, allocated: 1, waiting: 3 },
  }),
];

function backendWith(detail: LineDetail = { line, history }) {
  return fakeBackend().on(`GET ${PATH}`, () => json(200, detail));
}

/** History rows are the ones under the History heading's table. */
const historyRow = (text: string) =>
  within(
    screen
      .getAllByText(text)
      .map((el) => el.closest("tr"))
      .find(Boolean) as HTMLElement,
  );

describe("BackorderLinePage", () => {
  it("shows the promise made at purchase, the date expected now, what the customer agreed to and the emails", async () => {
    stubShopify();
    backendWith({
      line,
      history,
      promise: {
        promised: { kind: "date", date: "2026-07-20", source: "supplier_feed" },
        promisedAt: "2026-07-01T09:00:00.000Z",
        current: { kind: "range", from: "2026-07-27", to: "2026-07-29", source: "supplier_feed" },
        agreed: null,
      },
      consents: [
        {
          kind: "checkout_acknowledgement",
          eta: { kind: "date", date: "2026-07-20", source: "supplier_feed" },
          text: "I understand these items ship later",
          locale: "en",
          givenAt: "2026-07-01T09:00:00.000Z",
        },
      ],
      messages: [
        {
          kind: "delay",
          status: "sent",
          to: "ada@example.com",
          subject: "New date for your order #1001",
          createdAt: "2026-07-05T09:00:00.000Z",
          sentAt: "2026-07-05T09:01:00.000Z",
        },
      ],
    });
    renderApp(HASH);
    expect(await screen.findByRole("heading", { name: "Promise" })).toBeInTheDocument();
    expect(screen.getByText(/^Promised at purchase: Jul 20, 2026 \(made Jul 1, 2026/)).toBeInTheDocument();
    expect(screen.getByText("Expected now: Jul 27, 2026 – Jul 29, 2026")).toBeInTheDocument();
    expect(
      screen.getByText(/^“I understand these items ship later” \(Jul 20, 2026\), Jul 1, 2026/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^New date for your order #1001 to ada@example\.com: sent, Jul 5, 2026/),
    ).toBeInTheDocument();
  });

  it("says so when the line has no dated promise, no consent and no email", async () => {
    stubShopify();
    backendWith({ line, history, promise: null, consents: [], messages: [] });
    renderApp(HASH);
    expect(await screen.findByText("No dated promise for this line.")).toBeInTheDocument();
    expect(screen.getByText("No consent recorded.")).toBeInTheDocument();
    expect(screen.getByText("No email for this order yet.")).toBeInTheDocument();
  });

  it("shows the line's units, status, details and history", async () => {
    stubShopify();
    const backend = backendWith();
    renderApp(HASH);

    expect(await screen.findByRole("heading", { level: 1, name: "Trail Jacket" })).toBeInTheDocument();
    expect(screen.getByText("#1001 · Ada Lovelace")).toBeInTheDocument();
    expect(backend.to("GET", PATH)).toHaveLength(1);
    expect(backend.to("GET", PATH)[0]?.url.pathname).toBe(
      "/api/backorders/lines/gid%3A%2F%2Fshopify%2FLineItem%2F42",
    );

    const figure = (label: string) => screen.getByText(label).nextElementSibling;
    expect(figure("Ordered")).toHaveTextContent("5");
    expect(figure("Ship from stock")).toHaveTextContent("1");
    expect(figure("Allocated")).toHaveTextContent("1");
    expect(figure("Waiting")).toHaveTextContent("3");
    expect(screen.getByText("TJ-L-MOSS")).toBeInTheDocument();

    const created = historyRow("Engine decision");
    expect(created.getByText("Webhook")).toBeInTheDocument();
    expect(created.getByText("orders/create")).toBeInTheDocument();
    expect(created.getByText("New")).toBeInTheDocument();
    expect(created.getByText("Backordered")).toBeInTheDocument();
    expect(created.getByText("Ship from stock 0 → 1")).toBeInTheDocument();
    expect(created.getByText("Waiting 5 → 4")).toBeInTheDocument();
    expect(created.queryByText(/^Ordered/)).not.toBeInTheDocument();

    const allocated = historyRow("Allocated by hand");
    expect(allocated.getByText("Staff")).toBeInTheDocument();
    expect(allocated.getByText("user:99")).toBeInTheDocument();
    expect(allocated.getByText("1 unit")).toBeInTheDocument();
    expect(allocated.getByText("Allocated 0 → 1")).toBeInTheDocument();

    const reprioritised = historyRow("Priority changed");
    expect(reprioritised.getByText("Job")).toBeInTheDocument();
    expect(reprioritised.getByText("Priority 5")).toBeInTheDocument();
    expect(reprioritised.getByText("No change")).toBeInTheDocument();
    // Same status before and after: one badge, no arrow.
    expect(reprioritised.getAllByText("Partially allocated")).toHaveLength(1);
  });

  it("says so when the line has no history yet", async () => {
    stubShopify();
    backendWith({ line, history: [] });
    renderApp(HASH);
    expect(await screen.findByText("No changes recorded yet.")).toBeInTheDocument();
  });

  it("sets a priority, says so and loads the line again", async () => {
    const shopify = stubShopify();
    let current: LineView = line;
    const backend = fakeBackend()
      .on(`GET ${PATH}`, () => json(200, { line: current, history }))
      .on(`POST ${PATH}/priority`, ({ body }) => {
        current = { ...line, priority: (JSON.parse(body ?? "{}") as { priority: number }).priority };
        return json(200, { line: current });
      });
    renderApp(HASH);

    const field = await screen.findByLabelText("Priority");
    expect(screen.getByRole("button", { name: "Clear priority" })).toHaveAttribute("aria-disabled", "true");
    fireEvent.change(field, { target: { value: "7" } });
    fireEvent.click(screen.getByRole("button", { name: "Set priority" }));

    await waitFor(() => expect(backend.to("GET", PATH)).toHaveLength(2));
    const post = backend.to("POST", `${PATH}/priority`)[0];
    expect(JSON.parse(post?.body ?? "")).toEqual({ priority: 7 });
    expect(post?.headers.get("Content-Type")).toBe("application/json");
    expect(shopify.toast.show).toHaveBeenCalledWith("Priority set to 7", undefined);
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Clear priority" })).not.toHaveAttribute(
        "aria-disabled",
        "true",
      ),
    );
    expect(screen.getByLabelText("Priority")).toHaveValue(7);
  });

  it("clears a priority with null", async () => {
    const shopify = stubShopify();
    const prioritised = { ...line, priority: 4 };
    const backend = fakeBackend()
      .on(`GET ${PATH}`, () => json(200, { line: prioritised, history }))
      .on(`POST ${PATH}/priority`, () => json(200, { line }));
    renderApp(HASH);

    expect(await screen.findByLabelText("Priority")).toHaveValue(4);
    fireEvent.click(screen.getByRole("button", { name: "Clear priority" }));
    await waitFor(() => expect(backend.to("POST", `${PATH}/priority`)).toHaveLength(1));
    expect(JSON.parse(backend.to("POST", `${PATH}/priority`)[0]?.body ?? "")).toEqual({ priority: null });
    await waitFor(() => expect(backend.to("GET", PATH)).toHaveLength(2));
    expect(shopify.toast.show).toHaveBeenCalledWith("Priority cleared", undefined);
  });

  it("refuses a priority that is not a whole number without asking the server", async () => {
    stubShopify();
    const backend = backendWith();
    renderApp(HASH);
    fireEvent.change(await screen.findByLabelText("Priority"), { target: { value: "-2" } });
    fireEvent.click(screen.getByRole("button", { name: "Set priority" }));
    expect(await screen.findByText("Enter a whole number of at least 0.")).toBeInTheDocument();
    expect(backend.to("POST", `${PATH}/priority`)).toHaveLength(0);
  });

  it("shows the server's reason when a priority is refused", async () => {
    stubShopify();
    const backend = backendWith().on(`POST ${PATH}/priority`, () =>
      apiError(409, "conflict", "Line gid://shopify/LineItem/42 is fulfilled"),
    );
    renderApp(HASH);
    fireEvent.change(await screen.findByLabelText("Priority"), { target: { value: "2" } });
    fireEvent.click(screen.getByRole("button", { name: "Set priority" }));
    expect(await screen.findByText("Line gid://shopify/LineItem/42 is fulfilled")).toBeInTheDocument();
    expect(screen.getByText("Couldn't change the priority")).toBeInTheDocument();
    await waitFor(() => expect(backend.to("GET", PATH)).toHaveLength(2));
  });

  it("allocates units by hand, says so and loads the line again", async () => {
    const shopify = stubShopify();
    let current: LineView = line;
    const backend = fakeBackend()
      .on(`GET ${PATH}`, () => json(200, { line: current, history }))
      .on(`POST ${PATH}/allocate`, () => {
        current = { ...line, allocated: 3, waiting: 1 };
        return json(200, { line: current });
      });
    renderApp(HASH);

    fireEvent.change(await screen.findByLabelText("Units"), { target: { value: "2" } });
    fireEvent.click(screen.getByRole("button", { name: "Allocate" }));

    await waitFor(() => expect(backend.to("GET", PATH)).toHaveLength(2));
    expect(JSON.parse(backend.to("POST", `${PATH}/allocate`)[0]?.body ?? "")).toEqual({ units: 2 });
    expect(shopify.toast.show).toHaveBeenCalledWith("Allocated 2 units", undefined);
    expect(screen.getByLabelText("Units")).toHaveValue(null);
  });

  it("shows the server's error when an allocation is refused, and loads the line again", async () => {
    const shopify = stubShopify();
    const backend = backendWith().on(`POST ${PATH}/allocate`, () =>
      apiError(409, "conflict", "Only 1 unit is free to allocate to this line"),
    );
    renderApp(HASH);
    fireEvent.change(await screen.findByLabelText("Units"), { target: { value: "3" } });
    fireEvent.click(screen.getByRole("button", { name: "Allocate" }));

    expect(await screen.findByText("Only 1 unit is free to allocate to this line")).toBeInTheDocument();
    expect(screen.getByText("Couldn't allocate")).toBeInTheDocument();
    await waitFor(() => expect(backend.to("GET", PATH)).toHaveLength(2));
    expect(shopify.toast.show).not.toHaveBeenCalled();
    // The banner stays after the refetch, until dismissed.
    expect(screen.getByText("Only 1 unit is free to allocate to this line")).toBeInTheDocument();
  });

  it("refuses zero units without asking the server", async () => {
    stubShopify();
    const backend = backendWith();
    renderApp(HASH);
    fireEvent.change(await screen.findByLabelText("Units"), { target: { value: "0" } });
    fireEvent.click(screen.getByRole("button", { name: "Allocate" }));
    expect(await screen.findByText("Enter a whole number of units, at least 1.")).toBeInTheDocument();
    expect(backend.to("POST", `${PATH}/allocate`)).toHaveLength(0);
  });

  it("shows the API's message when the line cannot be loaded, and loads again on retry", async () => {
    stubShopify();
    const backend = fakeBackend().on(`GET ${PATH}`, () =>
      apiError(404, "not_found", "No line gid://shopify/LineItem/42"),
    );
    renderApp(HASH);
    expect(await screen.findByText("No line gid://shopify/LineItem/42")).toBeInTheDocument();
    expect(within(screen.getByRole("main")).getByRole("link", { name: "Backorders" })).toHaveAttribute(
      "href",
      "#/backorders",
    );

    backend.on(`GET ${PATH}`, () => json(200, { line, history }));
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Trail Jacket" })).toBeInTheDocument();
  });
});

describe("BackorderLinePage: restock preview", () => {
  it("shows the line's place in the queue and what N arriving units would do for it", async () => {
    stubShopify();
    const state = (status: string, allocated: number, waiting: number) => ({
      status,
      inStock: 1,
      allocated,
      waiting,
    });
    const backend = backendWith().on("GET /api/backorders/preview", () =>
      json(200, {
        inventoryItemId: "gid://shopify/InventoryItem/1",
        arriving: 4,
        stock: null,
        supply: 4,
        allocated: 4,
        leftover: 0,
        lines: [
          {
            lineItemId: "gid://shopify/LineItem/7",
            orderId: "gid://shopify/Order/7",
            orderName: "#1007",
            variantId: line.variantId,
            priority: null,
            before: state("backordered", 0, 2),
            after: state("allocated", 2, 0),
            newlyAllocated: 2,
          },
          {
            lineItemId: LINE_ID,
            orderId: line.orderId,
            orderName: "#1001",
            variantId: line.variantId,
            priority: null,
            before: state("partially_allocated", 1, 3),
            after: state("partially_allocated", 3, 1),
            newlyAllocated: 2,
          },
        ],
      }),
    );
    renderApp(HASH);
    fireEvent.change(await screen.findByLabelText("Units arriving"), { target: { value: "4" } });
    fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    expect(
      await screen.findByText("Place in the queue: 2 of 2 lines waiting for this variant."),
    ).toBeInTheDocument();
    expect(
      screen.getByText("This line would get 2 units: Partially allocated, 1 still waiting."),
    ).toBeInTheDocument();
    expect(screen.getByText("4 arriving: 4 reserved for waiting lines, 0 left over.")).toBeInTheDocument();
    const query = backend.to("GET", "/api/backorders/preview")[0]!.url.searchParams;
    expect(Object.fromEntries(query)).toEqual({ variantId: line.variantId, arriving: "4" });
  });
});
