import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PrismaAvailabilityRepository } from "../../web/server/adapters/prisma/availability-repository.js";
import type { FeedImport, FeedImportDetail } from "../../web/server/http/routes/etas.schemas.js";
import type { Stack } from "../support/shopper.js";
import { devStoreControl, eventually } from "../support/stack.js";
import { describeInChromium, openAdmin, type AdminBrowser } from "./admin-browser.js";

/**
 * The supplier feeds page in real Chromium against the real local stack (dev store, webhooks, SQLite): a waiting
 * order is promised the supplier's first date; the merchant drops a file with a bad row (the row and its reason
 * show), then a file that moves the date: its dry run shows the progress, the figures and the customer it would
 * delay; applying it stores the dates; the history lists every import. Screenshots in test-results/admin/, axe-core
 * on each state: no serious or critical violation. Every figure shown is compared with what the server stored.
 */
const SKU = "RDP-24-EMB";
/** Enough rows that reading and checking take several polls. */
const ROWS = 30_000;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describeInChromium("the supplier feeds page in Chromium", () => {
  let admin: AdminBrowser;
  let stack: Stack;
  let page: Page;
  let lineItemId: string;
  const polled: FeedImportDetail[] = [];

  async function check(state: string) {
    await admin.shot(`feeds-${state}`);
  }

  /** Drags a CSV onto the drop zone, as a merchant drops a file from their desktop. */
  async function dropFile(name: string, csv: string) {
    const dataTransfer = await page.evaluateHandle(
      ({ name, csv }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([csv], name, { type: "text/csv" }));
        return transfer;
      },
      { name, csv },
    );
    for (const type of ["dragenter", "dragover", "drop"]) {
      await page.dispatchEvent(".Polaris-DropZone", type, { dataTransfer });
    }
    await expect.poll(() => page.getByText(`Selected: ${name}`, { exact: false }).count()).toBe(1);
  }

  /** The five figures of the result card, as shown. */
  async function figures(): Promise<string[]> {
    const result = page.getByRole("region", { name: /^Result:/ });
    return Promise.all(
      ["Rows", "Rows matched", "Variants", "Problems", "Delayed lines"].map(
        async (label) =>
          (await result
            .getByText(label, { exact: true })
            .locator("xpath=following-sibling::*[1]")
            .textContent())!,
      ),
    );
  }

  beforeAll(async () => {
    admin = await openAdmin({ shots: "admin" });
    ({ stack, page } = admin);
    page.on("response", async (r) => {
      if (/\/api\/etas\/imports\/[^/]+$/.test(new URL(r.url()).pathname) && r.request().method() === "GET") {
        polled.push(((await r.json()) as { import: FeedImportDetail }).import);
      }
    });

    // A variant sold on backorder against the supplier's dates; its first feed; an order that waits for it.
    const state = await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`).then((r) =>
      r.json(),
    );
    const variant = (state as { products: { variants: { id: string; sku: string }[] }[] }).products
      .flatMap((p) => p.variants)
      .find((v) => v.sku === SKU)!;
    const rule = await admin.api("POST", "/api/rules", {
      scope: { kind: "variant", variantId: variant.id },
      settings: { mode: "when_out_of_stock", etaSource: { kind: "supplier_feed" }, handlingDays: 1 },
    });
    expect(rule.status).toBe(201);
    const first = await admin.api(
      "POST",
      "/api/etas/import?filename=week-49.csv",
      `sku,eta,quantity\n${SKU},${day(7)},10\n`,
      "text/csv",
    );
    expect(first.status).toBe(201);
    await stack.app.availabilitySync.idle();
    const order = await devStoreControl<{ id: string; lineItems: { id: string }[] }>(stack, "/orders", {
      shop: stack.shop,
      lines: [{ variantId: variant.id, quantity: 3 }],
      customer: { email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" },
    });
    lineItemId = order.lineItems[0]!.id;
    const promises = new PrismaAvailabilityRepository(stack.app.db);
    await eventually(
      async () => (await promises.linePromises(stack.shop, [lineItemId])).length === 1,
      60_000,
    );
  }, 240_000);

  afterAll(async () => {
    await admin?.close();
  });

  it("checks a file, shows its problems, then dry-runs and applies a feed that delays a customer", async () => {
    await admin.open("#/feeds");
    const h1 = page.getByRole("heading", { level: 1, name: "Supplier feeds" });
    await expect.poll(() => h1.count(), { timeout: 30_000 }).toBe(1);
    await check("empty");

    // A file with a bad row: nothing is imported; the row number and the reason show.
    await dropFile("week-50-draft.csv", `sku,eta,quantity\n${SKU},${day(14)},10\nNO-SUCH-SKU,${day(14)},5\n`);
    await page.getByRole("button", { name: "Check file (dry run)" }).click();
    await expect
      .poll(() => page.getByText("Nothing was imported: fix the file and check it again.").count(), {
        timeout: 30_000,
      })
      .toBe(1);
    const problems = page.getByRole("row", { name: /NO-SUCH-SKU/ });
    expect(await problems.locator("td, th").allTextContents()).toEqual([
      "3",
      "sku",
      "no variant has SKU NO-SUCH-SKU",
    ]);
    expect(await figures()).toEqual(["2", "1", "1", "1", "0"]);
    await check("rejected");

    // The real file: the supplier's batch moves a week out, with many more dated batches after it.
    const rows = Array.from({ length: ROWS }, (_, i) => `${SKU},${day(14 + i)},10`);
    const csv = `sku,eta,quantity\n${rows.join("\n")}\n`;
    await dropFile("week-50.csv", csv);
    const progress = page.getByRole("progressbar").waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Check file (dry run)" }).click();
    await progress;
    await admin.screenshot("feeds-progress");
    await expect
      .poll(() => page.getByText("The file is valid. Nothing has changed yet.").count(), { timeout: 120_000 })
      .toBe(1);
    const dryRunId = new URL(page.url()).hash.split("import=")[1]!;
    // The page followed the import while it ran, and what it showed is what the server says.
    expect(
      polled.some((p) => p.id === dryRunId && (p.status === "uploading" || p.status === "running")),
    ).toBe(true);
    const dryRun = (await admin.api<{ import: FeedImportDetail }>("GET", `/api/etas/imports/${dryRunId}`))
      .body.import;
    expect(dryRun).toMatchObject({
      status: "checked",
      rows: ROWS,
      matched: ROWS,
      variants: 1,
      errorCount: 0,
      slipCount: 1,
    });
    expect(await figures()).toEqual([ROWS, ROWS, 1, 0, 1].map((n) => n.toLocaleString("en")));
    // The customer it would delay: the waiting order, promised the first date, now a week later.
    const [slip] = dryRun.slips;
    expect(slip).toMatchObject({
      lineItemId,
      customerName: "Ada Lovelace",
      customerEmail: "ada@example.com",
    });
    const slipRow = page.getByRole("row", { name: /Ada Lovelace/ });
    const cells = await slipRow.locator("td, th").allTextContents();
    expect(cells.slice(0, 2)).toEqual([slip!.orderName, "Ada Lovelace · ada@example.com"]);
    const format = (d: string) =>
      new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" }).format(
        new Date(`${d}T00:00:00Z`),
      );
    expect(cells.slice(2)).toEqual(
      [slip!.promised, slip!.previous, slip!.revised].map((eta) =>
        eta.kind === "date" ? format(eta.date) : "?",
      ),
    );
    await check("dry-run");

    // Apply: the same file, stored; the customer is now delayed for real.
    await page.getByRole("button", { name: "Apply this file" }).click();
    await expect.poll(() => page.getByText("The dates are imported.").count(), { timeout: 180_000 }).toBe(1);
    const appliedId = new URL(page.url()).hash.split("import=")[1]!;
    const applied = (await admin.api<{ import: FeedImportDetail }>("GET", `/api/etas/imports/${appliedId}`))
      .body.import;
    expect(applied).toMatchObject({
      status: "applied",
      dryRun: false,
      rows: ROWS,
      matched: ROWS,
      slipCount: 1,
    });
    expect(await figures()).toEqual([ROWS, ROWS, 1, 0, 1].map((n) => n.toLocaleString("en")));
    const stored = await new PrismaAvailabilityRepository(stack.app.db).supplierEtas(stack.shop, [
      slip!.variantId,
    ]);
    expect(stored).toHaveLength(ROWS);
    await expect.poll(() => page.getByText("Customers this import delayed").count()).toBe(1);
    await check("applied");

    // The history: the two checks and the apply from this page, and the first feed sent through the API.
    const list = (await admin.api<{ imports: FeedImport[] }>("GET", "/api/etas/imports")).body.imports;
    const history = page.getByRole("region", { name: "History" });
    await expect.poll(() => history.getByRole("row").count(), { timeout: 15_000 }).toBe(list.length + 1);
    const shown = await history
      .getByRole("row")
      .evaluateAll((rows) =>
        rows.slice(1).map((row) => [...row.querySelectorAll("td, th")].slice(1, 7).map((c) => c.textContent)),
      );
    expect(shown).toEqual(
      list.map((run) => [
        run.filename,
        run.dryRun ? "Dry run" : "Apply",
        expect.stringContaining(
          { checked: "Checked", applied: "Applied", rejected: "Rejected" }[run.status as "checked"],
        ),
        run.rows.toLocaleString("en"),
        run.errorCount.toLocaleString("en"),
        run.slipCount.toLocaleString("en"),
      ]),
    );
    expect(list.map((r) => r.status)).toEqual(["applied", "checked", "rejected", "applied"]);

    // From a delayed customer to their line.
    await page.getByRole("link", { name: slip!.orderName! }).first().click();
    await expect.poll(() => page.url()).toContain(`#/backorders/${encodeURIComponent(lineItemId)}`);
    await expect
      .poll(() => page.getByRole("heading", { name: "History" }).count(), { timeout: 30_000 })
      .toBe(1);
    expect(admin.errors).toEqual([]);
  }, 600_000);
});
