/**
 * A thousand malformed requests at the HTTP app as main.ts wires it: bad percent-encodings, headers, bodies, topics,
 * methods and huge headers, signed and unsigned. None may answer 5xx, and the app keeps answering. Then a thousand
 * signed deliveries with fuzzed bodies. fast-check draws a new seed each run and prints it with a failure.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, signWebhook, SHOP, type Harness } from "./harness.js";

let h: Harness;
let server: Server;
let port: number;

beforeAll(async () => {
  h = createHarness({ staticDir: "/nonexistent-admin-build" });
  server = createServer(h.app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A raw request (no client-side validation of paths or headers); resolves to the status, 0 when refused at the socket. */
function send(method: string, path: string, headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, method, path, headers, insecureHTTPParser: true },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

const paths = fc.oneof(
  fc.constantFrom(
    "/webhooks",
    "/api/rules/%FF",
    "/api/inbox/%E0%A4%A",
    "/api/inbox/%",
    "/%C0%AF",
    "/healthz",
    "/api/shop",
    "/api/inbox?limit=%FF",
    "/api/inbox?cursor=%00",
    "/local/session-token?shop=%ZZ",
    "/apps/waitwell/%FF",
    "/assets/%2e%2e/%2e%2e/etc/passwd",
  ),
  fc.string({ maxLength: 40 }).map((s) => `/${encodeURI(s).replace(/%25/g, "%")}`),
  fc.string({ maxLength: 20 }).map((s) => `/api/backorders/lines/${encodeURIComponent(s)}%`),
);
const topics = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "hasOwnProperty",
    "orders/create",
    "shop/redact",
    "customers/redact",
    "app/uninstalled",
    "",
    "a/b/c",
  ),
  fc.string({ maxLength: 30 }).filter((s) => /^[\x21-\x7e]*$/.test(s)),
);
const bodies = fc.oneof(
  fc.constantFrom(
    "",
    "{",
    "null",
    "[]",
    '"x"',
    "1e999",
    '{"id":"x","line_items":"no"}',
    '{"__proto__":{"a":1}}',
  ),
  fc.json(),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a).toString("latin1")),
);
const domains = fc.oneof(
  fc.constantFrom(SHOP, SHOP.toUpperCase(), "attacker.shop.dev", `${SHOP}//`, "", "x".repeat(300)),
  fc.string({ maxLength: 30 }).filter((s) => /^[\x21-\x7e]*$/.test(s)),
);
const methods = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "PROPFIND");

describe("fuzzing the HTTP app", () => {
  it("answers a thousand malformed requests without a 5xx and stays up", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        methods,
        paths,
        topics,
        bodies,
        domains,
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom("application/json", "text/plain", "application/json; charset=utf-16", "multipart/x"),
        async (method, path, topic, body, domain, signed, auth, contentType) => {
          const bytes = Buffer.from(body, "utf8");
          const headers: Record<string, string> = {
            "Content-Type": contentType,
            "X-Shopify-Topic": topic,
            "X-Shopify-Shop-Domain": domain,
            "X-Shopify-API-Version": "2026-07",
            "X-Shopify-Webhook-Id": `fuzz-${Math.random()}`,
            "X-Shopify-Triggered-At": new Date().toISOString(),
            "X-Shopify-Hmac-Sha256": signed ? signWebhook(bytes, h.config.shopify.apiSecret) : "bm90IGEgc2ln",
          };
          if (auth) headers.Authorization = `Bearer ${h.sessionToken()}`;
          const status = await send(
            method,
            path,
            headers,
            method === "GET" || method === "HEAD" ? Buffer.alloc(0) : bytes,
          );
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          expect(status, `${method} ${path} topic=${topic}`).toBeLessThan(500);
        },
      ),
      { numRuns: 1_000 },
    );
    // Huge headers: Node refuses them at the parser (431), the app never sees them.
    for (const size of [20_000, 100_000]) {
      const status = await send(
        "POST",
        "/webhooks",
        { "X-Shopify-Topic": "x".repeat(size) },
        Buffer.from("{}"),
      );
      expect([0, 431]).toContain(status);
    }
    // Signed deliveries the worker then chews on: nothing crashes it either.
    await h.worker.drain();
    expect(await send("GET", "/healthz", {}, Buffer.alloc(0))).toBe(200);
    expect(h.logger.entries.filter((e) => e.level === "error" && e.fields?.status === 500)).toEqual([]);
    expect(
      [...statuses.keys()].filter((s) => s >= 500),
      JSON.stringify([...statuses]),
    ).toEqual([]);
  }, 180_000);

  it("a thousand signed deliveries of every subscribed topic with fuzzed bodies: one pass settles the inbox", async () => {
    const fresh = createHarness();
    const subscribed = [
      "orders/create",
      "orders/updated",
      "orders/cancelled",
      "orders/edited",
      "inventory_levels/update",
      "inventory_items/update",
      "products/update",
      "customers/data_request",
      "customers/redact",
    ];
    const shaped = fc.record(
      {
        id: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String), fc.integer(), fc.constant(null)),
        line_items: fc.oneof(fc.constant("no"), fc.array(fc.jsonValue(), { maxLength: 3 })),
        variants: fc.array(fc.jsonValue(), { maxLength: 3 }),
        inventory_item_id: fc.oneof(fc.integer(), fc.string({ maxLength: 5 })),
        shop_domain: fc.constantFrom(SHOP, "other.myshopify.com"),
        customer: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.json(),
      shaped.map((o) => JSON.stringify(o)),
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...subscribed), body, async (topic, text) => {
        const res = await fresh.webhook(topic, text);
        expect(res.status).toBeLessThan(500);
        if (res.status === 200) accepted++;
      }),
      { numRuns: 1_000 },
    );
    expect(accepted).toBeGreaterThan(500);
    await fresh.worker.drain();
    // Nothing left to retry: a payload that fails validation is dead-lettered at once, with the reason.
    expect(await fresh.inbox.depth()).toBe(0);
    const counts = await fresh.inbox.countByStatus(SHOP);
    expect(counts.PROCESSED + counts.IGNORED + counts.DEAD).toBe(accepted);
    const dead = await fresh.inbox.list(SHOP, { status: "DEAD", limit: 1_000 });
    expect(dead.events.filter((e) => e.attempts !== 1 || !e.lastError)).toEqual([]);
  }, 180_000);
});
