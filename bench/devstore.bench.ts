/**
 * How fast the dev store serves what benchmarks of Waitwell put through it: `npx tsx bench/devstore.bench.ts
 * [--seconds 3] [--concurrency 16]`.
 *
 * - Admin GraphQL: `{ shop { name } }` and `productVariant(id:)` with inventory fields, over HTTP with an access token
 *   obtained by token exchange, rate limiting disabled so the limiter measures nothing but its bookkeeping;
 * - storefront orders placed through the control API (CONTINUE variants, so none is refused), each of which also
 *   emits signed webhooks to a local receiver that answers 200.
 *
 * Each measurement runs `concurrency` clients in a closed loop for `seconds`, after half a second of warm-up. The load
 * generator shares the process (and this machine's cores) with the dev store, as in `npm start`; it uses node:http
 * with keep-alive because fetch (undici) costs the client several times what the dev store spends per request, which
 * would measure the client. Ends with one JSON line on stdout, for BENCHMARKS.md.
 */
import http, { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { startDevStore } from "../devstore/server.js";

const SECONDS = Number(argValue("--seconds") ?? 3);
const CONCURRENCY = Number(argValue("--concurrency") ?? 16);
const WARMUP_MS = 500;
const API_KEY = "bench-api-key";
const API_SECRET = "bench-api-secret";
const root = path.resolve(import.meta.dirname, "..");

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

interface Measurement {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** `concurrency` workers call `once` back to back until time is up, after an uncounted warm-up (JIT, sockets). */
async function measure(once: () => Promise<boolean>): Promise<Measurement> {
  const run = async (ms: number, latencies: number[]) => {
    let errors = 0;
    const deadline = performance.now() + ms;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline) {
          const t = performance.now();
          if (!(await once())) errors++;
          latencies.push(performance.now() - t);
        }
      }),
    );
    return errors;
  };
  await run(WARMUP_MS, []);
  const latencies: number[] = [];
  const started = performance.now();
  const errors = await run(SECONDS * 1000, latencies);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0);
  return {
    requests: latencies.length,
    errors,
    seconds: round(seconds),
    perSecond: Math.round(latencies.length / seconds),
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** A keep-alive JSON POST (or GET without a body). */
function request(
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: payload === undefined ? "GET" : "POST",
        headers: {
          ...(payload === undefined
            ? {}
            : { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) }),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) }),
        );
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

async function main(): Promise<void> {
  let webhooksReceived = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      webhooksReceived++;
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const devstore = await startDevStore({
    apps: [
      {
        apiKey: API_KEY,
        apiSecret: API_SECRET,
        appUrl: receiverUrl,
        appTomlPath: path.join(root, "shopify.app.toml"),
      },
    ],
    catalog: path.join(root, "devstore/catalogs/demo.json"),
    rateLimit: { enabled: false },
    webhooks: { logLimit: 10_000_000 },
    log: () => {},
  });
  const shop = devstore.store.shops()[0]!;
  const control = async (route: string, body: unknown) => {
    const res = await request(`${devstore.url}/_devstore${route}`, body);
    return { ok: res.status < 300, body: res.json as Record<string, unknown> };
  };

  const { token } = (await control("/session-token", { shop, apiKey: API_KEY })).body as { token: string };
  const exchange = await request(`${devstore.url}/admin/oauth/access_token`, {
    client_id: API_KEY,
    client_secret: API_SECRET,
    grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
    subject_token: token,
    subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
    requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
  });
  const accessToken = (exchange.json as { access_token: string }).access_token;

  const state = (await request(`${devstore.url}/_devstore/state?shop=${shop}`)).json as {
    products: { variants: { id: string; inventoryPolicy: string }[] }[];
  };
  const variants = state.products.flatMap((p) => p.variants);
  const continueVariants = variants.filter((v) => v.inventoryPolicy === "CONTINUE").map((v) => v.id);
  if (continueVariants.length === 0) throw new Error("the demo catalog has no CONTINUE variant to order");

  const graphql =
    (query: string, variables: Record<string, unknown> = {}) =>
    async () => {
      const res = await request(
        `${devstore.url}/admin/api/2026-07/graphql.json`,
        { query, variables },
        { "X-Shopify-Access-Token": accessToken },
      );
      return res.status === 200 && res.json.data !== undefined && res.json.errors === undefined;
    };

  const shopName = await measure(graphql("query BenchShop { shop { name } }"));
  const variantById = await measure(
    graphql(
      `
        query BenchVariant($id: ID!) {
          productVariant(id: $id) {
            id
            sku
            inventoryPolicy
            inventoryQuantity
            inventoryItem {
              id
              inventoryLevels(first: 5) {
                nodes {
                  location {
                    id
                  }
                  quantities(names: ["available", "committed", "on_hand"]) {
                    name
                    quantity
                  }
                }
              }
            }
          }
        }
      `,
      { id: variants[0]!.id },
    ),
  );

  let n = 0;
  const webhooksBefore = devstore.deliveries().length;
  const orders = await measure(async () => {
    const variantId = continueVariants[n++ % continueVariants.length]!;
    return (await control("/orders", { shop, lines: [{ variantId, quantity: 1 }], channel: "online_store" }))
      .ok;
  });
  const drainStarted = performance.now();
  await devstore.webhooksIdle();
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const deliveries = devstore.deliveries().slice(webhooksBefore);

  agent.destroy();
  await devstore.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));

  console.log(
    JSON.stringify({
      bench: "devstore",
      machine: { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown" },
      settings: { seconds: SECONDS, concurrency: CONCURRENCY, rateLimit: "disabled" },
      adminGraphql: { shopName, variantById },
      orders,
      webhooks: {
        emitted: deliveries.length,
        perOrder: round(deliveries.length / Math.max(1, n)),
        delivered: deliveries.filter((d) => d.state === "delivered").length,
        received: webhooksReceived,
        drainSecondsAfterOrders: round(drainSeconds),
      },
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
