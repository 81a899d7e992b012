import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { themeCheckRun } from "@shopify/theme-check-node";
import { afterAll, describe, expect, it } from "vitest";
import { EXTENSION_DIR } from "./liquid.js";

const require = createRequire(import.meta.url);
/** The factory config `theme-check --config theme-check:theme-app-extension` uses. */
const APP_CONFIG = require.resolve("@shopify/theme-check-node/configs/theme-app-extension.yml");
// With no network, theme-check falls back to the Liquid docs bundled in @shopify/theme-check-docs-updater.
const quiet = () => {};

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("theme-check (theme-app-extension config)", () => {
  it("checks every extension file and reports no errors", async () => {
    const run = await themeCheckRun(EXTENSION_DIR, APP_CONFIG, quiet);
    expect(run.config.context).toBe("app");
    expect(run.config.checks.map((c) => c.meta.code)).toEqual(
      expect.arrayContaining([
        "AppBlockValidTags",
        "AppBlockMissingSchema",
        "ValidSchema",
        "TranslationKeyExists",
      ]),
    );
    const files = run.theme.map((f) => path.relative(EXTENSION_DIR, new URL(f.uri).pathname)).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        "blocks/backorder-status.liquid",
        "blocks/backorder-embed.liquid",
        "snippets/collection-badge.liquid",
        "locales/en.default.json",
      ]),
    );
    const errors = run.offenses.filter((o) => o.severity === 0);
    expect(errors.map((o) => `${o.check} ${o.uri} ${o.message}`)).toEqual([]);
    // Known warning: themes cannot render an app snippet, so theme-check sees collection-badge as unreferenced.
    const warnings = run.offenses
      .filter((o) => o.severity !== 0)
      .map((o) => `${o.check} ${path.basename(o.uri)}`);
    expect(warnings).toEqual(["OrphanedSnippet collection-badge.liquid"]);
  });

  it("is not vacuous: a block using a tag app blocks may not use, with an unknown translation, fails", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "waitwell-theme-check-"));
    scratch.push(dir);
    cpSync(EXTENSION_DIR, dir, { recursive: true });
    writeFileSync(
      path.join(dir, "blocks/broken.liquid"),
      `{% include 'waitwell-eta' %}{{ 'waitwell.nope' | t }}\n{% schema %}{"name":"Broken","target":"section","settings":[]}{% endschema %}\n`,
    );
    const run = await themeCheckRun(dir, APP_CONFIG, quiet);
    const errors = run.offenses
      .filter((o) => o.severity === 0 && o.uri.endsWith("broken.liquid"))
      .map((o) => o.check);
    expect(errors).toEqual(expect.arrayContaining(["AppBlockValidTags"]));
    expect(run.offenses.filter((o) => o.uri.endsWith("broken.liquid")).map((o) => o.check)).toContain(
      "TranslationKeyExists",
    );
  });
});
