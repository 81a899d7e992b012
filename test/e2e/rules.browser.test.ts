import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eventually } from "../support/stack.js";
import { describeInChromium, openAdmin, type AdminBrowser } from "./admin-browser.js";

/**
 * The rules and substitutes pages in real Chromium against the real local stack (the app and the dev store): a rule
 * is made with the Polaris picker (local mode has no App Bridge picker), previewed, saved, and the variant's
 * inventory policy flips on the dev store; the rules go out and back in as CSV; a variant's substitutes are edited
 * and the checkout preview shows them. Screenshots in test-results/admin/, axe-core on every page.
 */

interface PickerProduct {
  productId: string;
  title: string;
  variants: { variantId: string; title: string; sku: string | null }[];
}

describeInChromium("rules and substitutes pages in Chromium", () => {
  let admin: AdminBrowser;
  let page: Page;

  async function shot(name: string) {
    await page.waitForLoadState("networkidle");
    // Polaris's ResourceList shows a spinner overlay while it loads (its markup puts an <li> in it, which axe flags);
    // the page a person reads is the one after loading.
    await expect.poll(() => page.locator(".Polaris-ResourceList__LoadingOverlay").count()).toBe(0);
    await admin.shot(name);
  }

  /** The Polaris picker: search, then choose the row whose label starts with `label`. */
  async function pick(search: string, label: RegExp) {
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Search products").fill(search);
    const row = dialog.getByLabel(label).first();
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // The row's content sits over its button (Polaris ResourceItem); a click anywhere on the row chooses it.
    await row.click({ force: true });
    await expect.poll(() => page.getByRole("dialog").count(), { timeout: 15_000 }).toBe(0);
  }

  beforeAll(async () => {
    admin = await openAdmin({ shots: "admin", acceptDownloads: true });
    ({ page } = admin);
  }, 180_000);

  afterAll(async () => {
    await admin?.close();
  });

  it("creates a rule with the picker, previews it, saves it, and the dev store's policy flips; CSV out and in", async () => {
    const { products } = await admin.get<{ products: PickerProduct[] }>("/api/catalog/products?query=Summit");
    const jacket = products.find((p) => p.title === "Summit Down Jacket")!;
    const medium = jacket.variants.find((v) => v.sku === "SDJ-M")!;
    const before = await admin.get<{ policy: { current: string } }>(
      `/api/variants/${encodeURIComponent(medium.variantId)}/availability`,
    );
    expect(before.policy.current).toBe("DENY");

    await admin.open("#/rules");
    await admin.heading("Backorder rules");
    const existing = await admin.get<{ rules: unknown[] }>("/api/rules");
    await shot("rules");

    await page.getByRole("link", { name: "Add rule" }).first().click();
    await expect
      .poll(() => page.getByRole("heading", { name: "New backorder rule" }).count())
      .toBeGreaterThan(0);
    await page.getByLabel("Scope").selectOption("variant");
    await page.getByRole("button", { name: "Choose…" }).click();
    await shot("rules-picker");
    await pick("Summit", new RegExp(`^Choose Summit Down Jacket – ${medium.title}$`));
    await expect
      .poll(() => page.getByText(`Chosen: Summit Down Jacket – ${medium.title}`).count(), { timeout: 15_000 })
      .toBe(1);
    await page.getByText("Always (every sale waits)").click();
    await page.getByLabel("Date comes from").selectOption("lead_time");
    await page.getByLabel("Shortest lead time (business days)").fill("3");
    await page.getByLabel("Longest lead time (business days)").fill("6");
    await page.getByLabel("Cap (units waiting at once)").fill("25");

    await page.getByRole("button", { name: "Preview", exact: true }).click();
    await expect
      .poll(() => page.getByText("This rule would govern 1 variant.").count(), { timeout: 30_000 })
      .toBe(1);
    // The figures on the page are the server's dry run for this rule.
    const { body: dryRun } = await admin.api<{
      governed: number;
      variants: {
        capacity: number;
        availability: { state: string; eta: { from: string; to: string } | null };
      }[];
    }>("POST", "/api/rules/preview", {
      scope: { kind: "variant", variantId: medium.variantId },
      settings: {
        mode: "always",
        cap: 25,
        etaSource: { kind: "lead_time", minBusinessDays: 3, maxBusinessDays: 6 },
      },
    });
    expect(dryRun.governed).toBe(1);
    const previewRow = page.getByRole("row", { name: new RegExp(`Summit Down Jacket`) });
    await expect.poll(() => previewRow.count(), { timeout: 15_000 }).toBe(1);
    const rowText = await previewRow.innerText();
    expect(rowText).toContain("No → Yes");
    expect(rowText).toContain(String(dryRun.variants[0]!.capacity));
    expect(dryRun.variants[0]!.availability.state).toBe("backorder");
    expect(rowText).toContain("Pre-order: ships");
    await shot("rules-editor-preview");

    await page.getByRole("button", { name: "Save rule" }).click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/#\/rules$/);
    await expect
      .poll(() => page.getByRole("link", { name: /Edit the rule for Summit Down Jacket/ }).count(), {
        timeout: 15_000,
      })
      .toBe(1);
    // The background sync writes the policy on the dev store.
    await eventually(async () => {
      const now = await admin.get<{ policy: { current: string } }>(
        `/api/variants/${encodeURIComponent(medium.variantId)}/availability`,
      );
      return now.policy.current === "CONTINUE";
    }, 60_000);

    // Export: both rules, the new one with its settings.
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).first().click();
    const csv = readFileSync(await (await download).path(), "utf8").replace(/^\uFEFF/, "");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "scope,target,priority,mode,cap,eta_source,eta_from,eta_to,lead_time_min_days,lead_time_max_days,handling_days,max_lead_time_days,require_eta",
    );
    expect(lines).toContain(`variant,${medium.variantId},0,always,25,lead_time,,,3,6,1,,false`);
    expect(lines).toHaveLength(existing.rules.length + 2);

    // Import: a file with a bad row is refused whole, with the row named.
    const dir = mkdtempSync(path.join(tmpdir(), "waitwell-rules-csv-"));
    const bad = path.join(dir, "bad.csv");
    writeFileSync(bad, `${lines[0]}\r\nvariant,,0,off,,incoming,,,,,1,,false\r\n`);
    await page.getByRole("button", { name: "Import CSV" }).first().click();
    await page.getByRole("dialog").locator('input[type="file"]').setInputFiles(bad);
    await expect
      .poll(() => page.getByText("Nothing was imported: fix these rows and try again").count(), {
        timeout: 15_000,
      })
      .toBe(1);
    expect(await page.getByRole("dialog").getByText("a variant rule needs a target").count()).toBe(1);
    await shot("rules-import-errors");

    // A good file: the variant rule's cap changes; the check says what will happen before anything is written.
    const good = path.join(dir, "good.csv");
    writeFileSync(good, csv.replace(`always,25,lead_time`, `always,40,lead_time`));
    await page.getByRole("dialog").locator('input[type="file"]').setInputFiles(good);
    await expect
      .poll(
        () =>
          page
            .getByText(`0 new, ${existing.rules.length + 1} replaced. Nothing is saved until you import.`)
            .count(),
        {
          timeout: 15_000,
        },
      )
      .toBe(1);
    await shot("rules-import-plan");
    const unchanged = await admin.get<{
      rules: { scope: { kind: string }; settings: { cap: number | null } }[];
    }>("/api/rules");
    expect(unchanged.rules.find((r) => r.scope.kind === "variant")!.settings.cap).toBe(25);
    const importing = existing.rules.length + 1;
    await page.getByRole("button", { name: `Import ${importing} rule${importing === 1 ? "" : "s"}` }).click();
    await expect.poll(() => page.getByRole("dialog").count(), { timeout: 15_000 }).toBe(0);
    const after = await admin.get<{ rules: { scope: { kind: string }; settings: { cap: number | null } }[] }>(
      "/api/rules",
    );
    expect(after.rules.find((r) => r.scope.kind === "variant")!.settings.cap).toBe(40);
    expect(after.rules).toHaveLength(existing.rules.length + 1);
    rmSync(dir, { recursive: true, force: true });
    expect(admin.errors).toEqual([]);
  }, 240_000);

  it("edits a variant's substitutes and shows them as checkout would", async () => {
    const { products } = await admin.get<{ products: PickerProduct[] }>("/api/catalog/products?query=Summit");
    const jacket = products.find((p) => p.title === "Summit Down Jacket")!;
    const large = jacket.variants.find((v) => v.sku === "SDJ-L")!;
    await admin.open(`#/substitutes?variantId=${encodeURIComponent(large.variantId)}`);
    await admin.heading("Substitutes");
    await expect
      .poll(() => page.getByRole("heading", { name: "Automatic suggestions" }).count(), { timeout: 30_000 })
      .toBe(1);
    await shot("substitutes");

    await page.getByRole("button", { name: "Add a pick" }).click();
    await pick("Socks", /^Choose Merino Trail Socks/);
    await page.getByRole("button", { name: "Save substitutes" }).click();
    await expect
      .poll(() => page.getByText("Substitutes saved").count(), { timeout: 5_000 })
      .toBeGreaterThanOrEqual(0);
    const overview = await eventually(async () => {
      const body = await admin.get<{
        picks: { productTitle: string }[];
        shown: { productTitle: string; reason: string }[];
      }>(`/api/variants/${encodeURIComponent(large.variantId)}/substitutes/overview`);
      return body.picks.length === 1 ? body : null;
    }, 15_000);
    expect(overview.picks[0]!.productTitle).toBe("Merino Trail Socks");
    expect(overview.shown[0]).toMatchObject({ productTitle: "Merino Trail Socks", reason: "merchant_pick" });
    // The checkout preview lists exactly what shoppers are offered, in order.
    const checkout = page.getByRole("group", { name: "In checkout" });
    await expect.poll(() => checkout.getByText(/^Merino Trail Socks/).count(), { timeout: 15_000 }).toBe(1);
    const swaps = await checkout.getByRole("button", { name: /^Swap – / }).allInnerTexts();
    expect(swaps).toHaveLength(overview.shown.length);
    await shot("substitutes-saved");
    expect(admin.errors).toEqual([]);
  }, 180_000);
});
