/**
 * Only what the code uses (issue 11 item 17): every access scope the app requests is needed by an Admin API call, a
 * webhook topic or an app extension in the code, and every runtime dependency is imported (or run) by code that is
 * not a test. A scope or a package added "for later" fails here until the code that needs it lands.
 * Scopes: https://shopify.dev/docs/api/usage/access-scopes
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { DEFAULT_SCOPES } from "../web/server/config.js";

const root = path.resolve(import.meta.dirname, "..");
const toml = parse(readFileSync(path.join(root, "shopify.app.toml"), "utf8")) as unknown as {
  access_scopes: { scopes: string };
  app_proxy?: unknown;
  webhooks: { subscriptions: { topics?: string[] }[] };
};
const requested = toml.access_scopes.scopes.split(",");

function sources(
  dir: string,
  keep: (file: string) => boolean,
  skip = ["node_modules", "generated"],
): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (skip.includes(name) || name.startsWith(".")) continue;
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) out.push(...sources(file, keep, skip));
    else if (keep(file)) out.push(file);
  }
  return out;
}
const isCode = (f: string) => /\.(ts|tsx|js|mjs)$/.test(f) && !/\.test\.|test-support|\.d\.ts$/.test(f);
const adminCalls = sources(path.join(root, "web/server/adapters/shopify"), isCode)
  .map((f) => readFileSync(f, "utf8"))
  .join("\n");
const topics = toml.webhooks.subscriptions.flatMap((s) => s.topics ?? []);

/** What in the code needs each scope: an Admin API field it calls, a topic it subscribes to, an extension. */
const evidence: Record<string, () => boolean> = {
  read_products: () =>
    /\bproducts?\(|productVariants?\b/.test(adminCalls) || topics.includes("products/update"),
  write_products: () => /\bproductVariantsBulkUpdate\(/.test(adminCalls),
  read_inventory: () => /\binventoryLevels?\(|\binventoryItem\b/.test(adminCalls),
  write_inventory: () => /\binventory(Adjust|Set|Activate|Move|Deactivate)[A-Za-z]*\(/.test(adminCalls),
  read_orders: () => /\borders?\(/.test(adminCalls) || topics.some((t) => t.startsWith("orders/")),
  write_orders: () => /\b(tagsAdd|tagsRemove|refundCreate)\(/.test(adminCalls),
  write_order_edits: () => /\borderEditBegin\(/.test(adminCalls),
  read_merchant_managed_fulfillment_orders: () => /\bfulfillmentOrders\b/.test(adminCalls),
  write_merchant_managed_fulfillment_orders: () => /\bfulfillmentOrder(Hold|ReleaseHold)\(/.test(adminCalls),
  read_customers: () => /\bcustomer\s*\{/.test(adminCalls),
  write_discounts: () => /\bdiscountCode[A-Za-z]*Create\(/.test(adminCalls),
  write_app_proxy: () => toml.app_proxy !== undefined,
};

describe("only what the code uses", () => {
  it("the config's default scopes are shopify.app.toml's", () => {
    expect([...DEFAULT_SCOPES]).toEqual(requested);
  });

  it.each(requested)("the requested scope %s is needed by the code", (scope) => {
    expect(
      evidence[scope],
      `no rule says what needs ${scope}: add one with the code that needs it`,
    ).toBeDefined();
    expect(evidence[scope]!()).toBe(true);
  });

  it("every runtime dependency is imported or run by code that is not a test", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    const code = ["web", "devstore", "scripts", "extensions", "prisma"]
      // The generated Prisma client counts: it is what imports @prisma/client at run time.
      .flatMap((d) => sources(path.join(root, d), isCode, ["node_modules"]))
      .concat(path.join(root, "prisma.config.ts"))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const scripts = Object.values(pkg.scripts).join("\n");
    const unused = Object.keys(pkg.dependencies).filter((name) => {
      const quoted = name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      const imported = new RegExp(`["'\`]${quoted}(/[^"'\`]*)?["'\`]`).test(code);
      const run = new RegExp(`(^|[\\s&;])${quoted}(\\s|$)`, "m").test(scripts);
      return !imported && !run;
    });
    expect(unused).toEqual([]);
  });
});
