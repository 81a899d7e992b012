/**
 * Failed deliveries and their retries with the dev store and Waitwell in ONE process (as `npm start` ran them until
 * the dev store got a process of its own):
 * `npx tsx bench/load/retry-herd.ts [postgresql|sqlite] [orders=500]`, env SCALE (the dev store's retry backoff
 * scale, default 0.1; 1 = Shopify's 1, 2, 4 … minutes) and ROUNDS (10-second reports, default 30).
 *
 * Places the orders 20 at a time through the control API (half on a backordered variant, the Admin limiter off),
 * then every 10 s prints the dev store's delivery states, the failed attempts of the last 10 s, the inbox depth, the
 * event-loop delay of the process, and how long a signed probe delivery takes. BENCHMARKS.md ("Why failed deliveries
 * kept timing out") reads its output.
 */
import { createHmac, randomUUID } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { freePort, startLocalStack } from "../../scripts/local-stack.js";
import { createBenchDatabase } from "./processes.js";

const kind = (process.argv[2] ?? "postgresql") as "sqlite" | "postgresql";
const ORDERS = Number(process.argv[3] ?? 500);
const db = await createBenchDatabase(kind);
const stack = await startLocalStack({
  env: {
    DATABASE_URL: db.url,
    PORT: String(await freePort()),
    DEVSTORE_PORT: String(await freePort()),
    LOG_LEVEL: "warn",
  },
  devStore: {
    webhooks: { backoffScale: Number(process.env.SCALE ?? 0.1) },
    rateLimit: { enabled: false } as never,
    log: () => {},
  },
});
const h = monitorEventLoopDelay({ resolution: 10 });
h.enable();
const state = (await (await fetch(`${stack.devStore.url}/_devstore/state?shop=${stack.shop}`)).json()) as {
  products: { variants: { id: string; sku: string }[] }[];
};
const bySku = new Map(state.products.flatMap((p) => p.variants.map((v) => [v.sku, v.id] as const)));
const hot = bySku.get("TB-BOOT-09")!;
const other = bySku.get("MTS-SM")!;
const t0 = Date.now();
let placed = 0;
while (placed < ORDERS) {
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      fetch(`${stack.devStore.url}/_devstore/orders`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ lines: [{ variantId: (placed + i) % 2 ? hot : other, quantity: 1 }] }),
      }).then((r) => r.text()),
    ),
  );
  placed += 20;
}
console.log(`placed ${placed} in ${Date.now() - t0} ms`);
const probe = async () => {
  const body = JSON.stringify({
    id: 1,
    inventory_item_id: 1,
    location_id: 1,
    available: 1,
    updated_at: new Date().toISOString(),
  });
  const t = performance.now();
  const res = await fetch(`${stack.app.url}/webhooks`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": "shop/unknown",
      "X-Shopify-Hmac-Sha256": createHmac("sha256", stack.config.shopify.apiSecret)
        .update(body)
        .digest("base64"),
      "X-Shopify-Shop-Domain": stack.shop,
      "X-Shopify-API-Version": "2026-07",
      "X-Shopify-Webhook-Id": randomUUID(),
    },
  });
  return `${res.status} in ${Math.round(performance.now() - t)} ms`;
};
for (let i = 0; i < Number(process.env.ROUNDS ?? 30); i++) {
  await new Promise((r) => setTimeout(r, 10_000));
  const d = stack.devStore.deliveries();
  const count = (s: string) => d.filter((x) => x.state === s).length;
  const failedAttempts = d.reduce((n, x) => n + x.attempts.filter((a) => a.status !== 200).length, 0);
  const recent = d.flatMap((x) => x.attempts).filter((a) => Date.parse(a.at) > Date.now() - 10_000);
  const errs = new Map<string, number>();
  for (const a of recent)
    errs.set(a.error ?? String(a.status), (errs.get(a.error ?? String(a.status)) ?? 0) + 1);
  const depth = await stack.app.db.webhookEvent.count({
    where: { status: { in: ["PENDING", "PROCESSING"] } },
  });
  console.log(
    `t+${Math.round((Date.now() - t0) / 1000)}s deliveries ${d.length} pending ${count("pending")} delivered ${count("delivered")} failed ${count("failed")} failedAttempts ${failedAttempts} recent ${JSON.stringify([...errs])} inbox ${depth} loopDelay p99 ${Math.round(h.percentile(99) / 1e6)} max ${Math.round(h.max / 1e6)} ms probe ${await probe()}`,
  );
  h.reset();
  if (count("pending") === 0 && depth === 0) break;
}
await stack.close();
await db.drop();
process.exit(0);
