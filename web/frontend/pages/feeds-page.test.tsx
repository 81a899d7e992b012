import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { FeedImport, FeedImportDetail } from "../../server/http/routes/etas.schemas.js";
import { apiError, fakeBackend, json, renderApp, stubShopify } from "../test-support/fake-backend";

const CSV = "sku,eta\nTB-BOOT-09,2026-12-14\nTB-BOOT-08,2026-12-10\n";
const LINE = "gid://shopify/LineItem/9001";

function run(overrides: Partial<FeedImportDetail>): FeedImportDetail {
  return {
    id: "run_1",
    filename: "week-50.csv",
    dryRun: true,
    status: "uploading",
    phase: "uploading",
    progress: 0,
    bytes: CSV.length,
    rows: 0,
    matched: 0,
    variants: 0,
    errorCount: 0,
    failure: null,
    slipCount: 0,
    createdAt: "2026-12-07T09:00:00.000Z",
    finishedAt: null,
    errors: [],
    slips: [],
    ...overrides,
  };
}

const SLIP = {
  lineItemId: LINE,
  orderId: "gid://shopify/Order/1001",
  orderName: "#1001",
  customerName: "Ada Lovelace",
  customerEmail: "ada@example.com",
  variantId: "gid://shopify/ProductVariant/4000000002",
  promised: { kind: "date" as const, date: "2026-12-08", source: "supplier_feed" as const },
  previous: { kind: "date" as const, date: "2026-12-08", source: "supplier_feed" as const },
  revised: { kind: "range" as const, from: "2026-12-14", to: "2026-12-15", source: "supplier_feed" as const },
};

const summary = ({ errors: _e, slips: _s, ...rest }: FeedImportDetail): FeedImport => rest;

/** A server that answers as the real one does: created, read, then polled through its phases to its end. */
function server(ends: (dryRun: boolean) => FeedImportDetail) {
  const runs = new Map<string, FeedImportDetail[]>();
  let seq = 0;
  const backend = fakeBackend()
    .on("GET /api/etas/imports", () =>
      json(200, { imports: [...runs.values()].map((steps) => summary(steps[0]!)).reverse() }),
    )
    .on("POST /api/etas/imports", (request) => {
      const body = JSON.parse(request.body!) as { filename: string; dryRun: boolean };
      const id = `run_${++seq}`;
      const created = run({ id, filename: body.filename, dryRun: body.dryRun });
      runs.set(id, [
        created,
        run({ ...created, status: "running", phase: "checking", progress: 55, rows: 2 }),
        { ...ends(body.dryRun), id, filename: body.filename, dryRun: body.dryRun },
      ]);
      return json(201, { import: summary(created) });
    });
  for (const id of ["run_1", "run_2"]) {
    backend.on(`PUT /api/etas/imports/${id}/file`, () => json(202, { import: summary(runs.get(id)![1]!) }));
    // Each poll moves the import one step on; the last step stays.
    backend.on(`GET /api/etas/imports/${id}`, () => {
      const steps = runs.get(id)!;
      const step = steps.length > 2 ? steps.splice(1, 1)[0]! : steps.at(-1)!;
      steps[0] = step;
      return json(200, { import: step });
    });
  }
  return backend;
}

function drop(file: File) {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
  fireEvent.change(input, { target: { files: [file] } });
}

const done = (dryRun: boolean) =>
  run({
    status: dryRun ? "checked" : "applied",
    phase: "done",
    progress: 100,
    rows: 2,
    matched: 2,
    variants: 2,
    slipCount: 1,
    finishedAt: "2026-12-07T09:00:02.000Z",
    slips: [SLIP],
  });

describe("FeedsPage", () => {
  it("drops a CSV, checks it with its progress, shows the figures and the customer it delays, then applies it", async () => {
    stubShopify();
    const backend = server(done);
    renderApp("#/feeds");
    expect(await screen.findByText("No imports yet.")).toBeInTheDocument();

    drop(new File([CSV], "week-50.csv", { type: "text/csv" }));
    expect(await screen.findByText(/Selected: week-50\.csv/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Check file (dry run)" }));

    // The progress while the server checks the rows.
    expect(
      await screen.findByText("Import progress: Checking rows against your catalog (55%)"),
    ).toBeInTheDocument();
    expect(screen.getByRole("progressbar")).toBeInTheDocument();
    expect(JSON.parse(backend.to("POST", "/api/etas/imports")[0]!.body!)).toEqual({
      filename: "week-50.csv",
      dryRun: true,
      bytes: CSV.length,
    });
    const put = backend.fetch.mock.calls.find(([url]) => String(url).endsWith("/run_1/file"))!;
    expect(new Headers(put[1]!.headers).get("Content-Type")).toBe("text/csv");
    expect(await (put[1]!.body as File).text()).toBe(CSV);

    // The result: every figure of the import, the customer it would delay, linked to the line.
    expect(await screen.findByText("The file is valid. Nothing has changed yet.")).toBeInTheDocument();
    const result = screen.getByRole("region", { name: "Result: week-50.csv" });
    const figure = (label: string) => within(result).getByText(label).nextElementSibling?.textContent;
    expect([
      figure("Rows"),
      figure("Rows matched"),
      figure("Variants"),
      figure("Problems"),
      figure("Delayed lines"),
    ]).toEqual(["2", "2", "2", "0", "1"]);
    expect(screen.getByText("Customers this file would delay")).toBeInTheDocument();
    const order = screen.getByRole("link", { name: "#1001" });
    expect(order).toHaveAttribute("href", `#/backorders/${encodeURIComponent(LINE)}`);
    const slipRow = order.closest("tr")!;
    expect([...slipRow.querySelectorAll("td, th")].map((cell) => cell.textContent)).toEqual([
      "#1001",
      "Ada Lovelace · ada@example.com",
      "Dec 8, 2026",
      "Dec 8, 2026",
      "Dec 14, 2026 – Dec 15, 2026",
    ]);
    expect(window.location.hash).toBe("#/feeds?import=run_1");

    // Apply: the same file again, for real.
    fireEvent.click(screen.getByRole("button", { name: "Apply this file" }));
    expect(await screen.findByText("The dates are imported.")).toBeInTheDocument();
    expect(screen.getByText("Customers this import delayed")).toBeInTheDocument();
    expect(JSON.parse(backend.to("POST", "/api/etas/imports")[1]!.body!)).toMatchObject({ dryRun: false });
    expect(window.location.hash).toBe("#/feeds?import=run_2");

    // The history: both imports, newest first, with their figures.
    const history = screen.getByRole("region", { name: "History" });
    await waitFor(() => expect(within(history).getAllByRole("row")).toHaveLength(3));
    const rows = within(history)
      .getAllByRole("row")
      .slice(1)
      .map((row) => [...row.querySelectorAll("td, th")].slice(1, 7).map((cell) => cell.textContent));
    // The status badge's text starts with its tone, which Polaris writes for screen readers.
    expect(rows).toEqual([
      ["week-50.csv", "Apply", "SuccessApplied", "2", "0", "1"],
      ["week-50.csv", "Dry run", "InfoChecked", "2", "0", "1"],
    ]);
  });

  it("a rejected file shows its problems by row and how many there are in all", async () => {
    stubShopify();
    server(() =>
      run({
        status: "rejected",
        phase: "done",
        progress: 100,
        rows: 250,
        matched: 0,
        errorCount: 250,
        errors: [
          { row: 2, field: "sku", code: "unknown_sku", message: "no variant has SKU NOPE-1" },
          {
            row: 3,
            field: "eta",
            code: "invalid_date",
            message: 'expected a date as YYYY-MM-DD, got "12/03/2026"',
          },
        ],
      }),
    );
    renderApp("#/feeds");
    drop(new File([CSV], "bad.csv", { type: "text/csv" }));
    fireEvent.click(await screen.findByRole("button", { name: "Check file (dry run)" }));
    expect(
      await screen.findByText("Nothing was imported: fix the file and check it again."),
    ).toBeInTheDocument();
    expect(screen.getByText("Showing the first 2 of 250 problems.")).toBeInTheDocument();
    const table = screen.getByText("Problems by row").parentElement!;
    const cells = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((row) => [...row.querySelectorAll("td, th")].map((cell) => cell.textContent));
    expect(cells).toEqual([
      ["2", "sku", "no variant has SKU NOPE-1"],
      ["3", "eta", 'expected a date as YYYY-MM-DD, got "12/03/2026"'],
    ]);
    expect(screen.queryByRole("button", { name: "Apply this file" })).not.toBeInTheDocument();
  });

  it("says which limit a refused file broke, in the server's words", async () => {
    stubShopify();
    const backend = server(done);
    backend.on("PUT /api/etas/imports/run_1/file", () =>
      apiError(
        413,
        "limit_exceeded",
        "The file is larger than 10485760 bytes, the most a feed may have (FEED_MAX_BYTES)",
      ),
    );
    renderApp("#/feeds");
    drop(new File([CSV], "huge.csv", { type: "text/csv" }));
    fireEvent.click(await screen.findByRole("button", { name: "Check file (dry run)" }));
    expect(await screen.findByText(/the most a feed may have \(FEED_MAX_BYTES\)/)).toBeInTheDocument();
  });

  it("refuses a file that is not a CSV before sending anything", async () => {
    stubShopify();
    const backend = server(done);
    renderApp("#/feeds");
    await screen.findByText("No imports yet.");
    drop(new File(["hello"], "notes.png", { type: "image/png" }));
    expect(await screen.findByText("notes.png is not a CSV file.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Check file (dry run)" })).toHaveAttribute(
      "aria-disabled",
      "true",
    );
    expect(backend.to("POST", "/api/etas/imports")).toHaveLength(0);
  });
});
