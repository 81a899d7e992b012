import { readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { ADMIN_API_VERSION } from "../web/server/shopify-api-version.js";

const root = path.resolve(import.meta.dirname, "..");

describe("one pinned Admin API version", () => {
  it("is 2026-07", () => expect(ADMIN_API_VERSION).toBe("2026-07"));

  it("shopify.app.toml [webhooks] api_version matches", () => {
    const toml = parseToml(readFileSync(path.join(root, "shopify.app.toml"), "utf8")) as {
      webhooks: { api_version: string };
    };
    expect(toml.webhooks.api_version).toBe(ADMIN_API_VERSION);
  });

  it("every extension toml that declares api_version matches", () => {
    const dir = path.join(root, "extensions");
    const tomls = existsSync(dir)
      ? readdirSync(dir)
          .map((d) => path.join(dir, d, "shopify.extension.toml"))
          .filter(existsSync)
      : [];
    for (const file of tomls) {
      const toml = parseToml(readFileSync(file, "utf8")) as { api_version?: string };
      if (toml.api_version !== undefined) expect(toml.api_version, file).toBe(ADMIN_API_VERSION);
    }
  });
});
