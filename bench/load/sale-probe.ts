/** Reading a sale's progress and outcome: the dev store's control API, and plain SQL on the app's database. */
import http from "node:http";
import Database from "better-sqlite3";
import pg from "pg";

export interface LatencyStats {
  p50: number;
  p95: number;
  max: number;
}

export interface DeliveryStats {
  total: number;
  /** How long the app took to answer each delivery attempt, as the dev store timed it. */
  ackMs: LatencyStats;
  over5s: number;
  failedAttempts: number;
  pending: number;
}

export function controlApi(devStoreUrl: string, shop: string) {
  return async (route: string, body: Record<string, unknown>, allowRefusal = false) => {
    const res = await postJson(
      `${devStoreUrl}/_devstore${route}`,
      // The harness routes (rate limit, faults) are store-wide and take no shop.
      JSON.stringify(route === "/rate-limit" || route === "/faults" ? body : { shop, ...body }),
    );
    const ok = res.status >= 200 && res.status < 300;
    if (!ok && !allowRefusal) throw new Error(`dev store ${route}: ${res.status} ${res.text}`);
    return { ok, body: res.text };
  };
}

/**
 * node:http with kept-alive sockets: fetch (undici) cost the benchmark's process about as much CPU per order as the
 * dev store spends placing it, which made the bench one of the processes a max-rate sale waits on.
 */
const keepAlive = new http.Agent({ keepAlive: true });

/**
 * A POST, sent again when the dev store closed the kept-alive socket it went out on before reading it (Node's server
 * closes a socket idle for keepAliveTimeout, 5 s, and a loaded machine can let the client pick it just then): a reset
 * of a reused socket before any answer means the request was never read, so sending it again cannot place an order
 * twice (https://nodejs.org/api/http.html#requestreusedsocket).
 */
async function postJson(
  url: string,
  body: string,
  retried = false,
): Promise<{ status: number; text: string }> {
  try {
    return await new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method: "POST",
          agent: keepAlive,
          headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", (e: Error & { code?: string }) =>
        reject(Object.assign(e, { closedUnread: req.reusedSocket && e.code === "ECONNRESET" })),
      );
      req.end(body);
    });
  } catch (e) {
    if (retried || !(e instanceof Error && "closedUnread" in e && e.closedUnread)) throw e;
    return postJson(url, body, true);
  }
}

export async function variantIds(devStoreUrl: string, shop: string): Promise<Map<string, string>> {
  const state = (await (await fetch(`${devStoreUrl}/_devstore/state?shop=${shop}`)).json()) as {
    products: { variants: { id: string; sku: string }[] }[];
  };
  return new Map(state.products.flatMap((p) => p.variants.map((v) => [v.sku, v.id] as const)));
}

export interface Probe {
  rows<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/** A read-only look into the app's database from the benchmark's process (plain SQL, no Prisma). */
export async function openProbe(url: string): Promise<Probe> {
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length), { readonly: true, fileMustExist: false });
    return { rows: async (sql) => db.prepare(sql).all() as never, close: async () => void db.close() };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { rows: async (sql) => (await client.query(sql)).rows as never, close: () => client.end() };
}

export async function count(probe: Probe, sql: string): Promise<number> {
  const [row] = await probe.rows<{ n: number | string }>(sql);
  return Number(row?.n ?? 0);
}

/** Polls until nothing is left to do; `inboxEmptyAt` is when the inbox was first seen empty. */
export async function waitSettled(
  probe: Probe,
  devStoreUrl: string,
  shop: string,
  timeoutMs: number,
  from = performance.now(),
): Promise<{ ok: boolean; inboxEmptyAt: number }> {
  let inboxEmptyAt = Number.NaN;
  for (;;) {
    const inbox = await count(
      probe,
      `SELECT COUNT(*) AS n FROM "WebhookEvent" WHERE "status" IN ('PENDING', 'PROCESSING')`,
    ).catch(() => 1);
    const now = performance.now();
    if (inbox === 0 && Number.isNaN(inboxEmptyAt)) inboxEmptyAt = now;
    if (inbox > 0) inboxEmptyAt = Number.NaN;
    // The rest is only read while the inbox is empty (in the same order as before): a row still in the inbox means
    // the sale is not settled, and reading the rest on every poll cost the benchmark and the dev store CPU.
    const pending =
      inbox > 0
        ? null
        : await fetch(`${devStoreUrl}/_devstore/webhooks?shop=${shop}&state=pending&limit=1`)
            .then((r) => r.json() as Promise<{ deliveries: unknown[] }>)
            .then((b) => b.deliveries.length);
    const writes =
      pending === 0 ? await count(probe, `SELECT COUNT(*) AS n FROM "ShopifyWrite"`).catch(() => 1) : null;
    const undecided =
      writes === 0
        ? await count(probe, `SELECT COUNT(*) AS n FROM "BackorderLine" WHERE "status" = 'new'`).catch(
            () => 1,
          )
        : null;
    if (undecided === 0) return { ok: true, inboxEmptyAt };
    if (now - from > timeoutMs) {
      console.error(
        `  not settled: inbox ${inbox}, deliveries pending ${pending ?? "-"}, writes ${writes ?? "-"}, undecided ${undecided ?? "-"}`,
      );
      const stuck = await probe.rows<{ topic: string; status: string; lastError: string | null }>(
        `SELECT "topic", "status", "lastError" FROM "WebhookEvent" WHERE "status" <> 'PROCESSED' LIMIT 5`,
      );
      const queued = await probe.rows<{ kind: string; attempts: number; lastError: string | null }>(
        `SELECT "kind", "attempts", "lastError" FROM "ShopifyWrite" LIMIT 5`,
      );
      console.error(JSON.stringify({ stuck, queued }));
      return { ok: false, inboxEmptyAt: now };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A timestamp as a probe returns it: a number (SQLite), a Date (pg; String() of a Date drops its milliseconds), text. */
export const toMs = (v: unknown): number =>
  typeof v === "number" ? v : v instanceof Date ? v.getTime() : Date.parse(String(v));

export async function decisionLatency(probe: Probe): Promise<LatencyStats> {
  const rows = await probe.rows<{ triggeredAt: unknown; receivedAt: unknown; processedAt: unknown }>(
    `SELECT "triggeredAt", "receivedAt", "processedAt" FROM "WebhookEvent"
      WHERE "topic" = 'orders/create' AND "processedAt" IS NOT NULL`,
  );
  return latencyStats(rows.map((r) => toMs(r.processedAt) - toMs(r.triggeredAt ?? r.receivedAt)));
}

function latencyStats(values: number[]): LatencyStats {
  const ms = values.filter(Number.isFinite).sort((a, b) => a - b);
  const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? Number.NaN);
  return { p50: at(0.5), p95: at(0.95), max: Math.round(ms[ms.length - 1] ?? Number.NaN) };
}

export async function deliveryStats(devStoreUrl: string, shop: string): Promise<DeliveryStats> {
  const { deliveries } = (await (await fetch(`${devStoreUrl}/_devstore/webhooks?shop=${shop}`)).json()) as {
    deliveries: { state: string; attempts: { status: number | null; durationMs: number }[] }[];
  };
  const attempts = deliveries.flatMap((d) => d.attempts);
  return {
    total: deliveries.length,
    ackMs: latencyStats(attempts.map((a) => a.durationMs)),
    over5s: attempts.filter((a) => a.durationMs > 5000 || a.status === null).length,
    failedAttempts: attempts.filter((a) => a.status !== 200).length,
    pending: deliveries.filter((d) => d.state === "pending").length,
  };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export interface ProcessedTwice {
  /**
   * Inbox rows claimed more than once with no failure recorded: each claim adds one to `attempts`, and a claim only
   * takes a row that is due or whose lease ran out, so a second claim without a `lastError` means the first one's
   * work was taken over (a lease that expired while it ran, or a job run twice).
   */
  rowsClaimedAgain: number;
  /** Rows retried after a recorded failure (expected under faults; not a duplicate). */
  rowsRetriedAfterFailure: number;
  /**
   * Line transitions recorded twice for one webhook: the same line, webhook id, event and change of status more than
   * once. Handling a delivery twice would record its transitions twice; a duplicate delivery shares its webhook id
   * with the first and is dropped by the inbox.
   */
  duplicateTransitions: number;
  /** pg-boss (PostgreSQL): inbox rows that more than one webhook job named, and webhook jobs retried; null without it. */
  jobs: { rowsInSeveralJobs: number; jobsRetried: number } | null;
  none: boolean;
}

export async function processedTwice(probe: Probe): Promise<ProcessedTwice> {
  const rowsClaimedAgain = await count(
    probe,
    `SELECT COUNT(*) AS n FROM "WebhookEvent" WHERE "attempts" > 1 AND "lastError" IS NULL`,
  );
  const rowsRetriedAfterFailure = await count(
    probe,
    `SELECT COUNT(*) AS n FROM "WebhookEvent" WHERE "attempts" > 1 AND "lastError" IS NOT NULL`,
  );
  const duplicateTransitions = await count(
    probe,
    `SELECT COALESCE(SUM(n - 1), 0) AS n FROM (
       SELECT COUNT(*) AS n FROM "LineHistory" WHERE "causeKind" = 'webhook'
        GROUP BY "shop", "lineItemId", "causeRef", "event", "fromStatus", "toStatus" HAVING COUNT(*) > 1) d`,
  );
  const jobs = await pgBossJobs(probe);
  return {
    rowsClaimedAgain,
    rowsRetriedAfterFailure,
    duplicateTransitions,
    jobs,
    none: rowsClaimedAgain === 0 && duplicateTransitions === 0,
  };
}

/** pg-boss 12 keeps completed jobs in `pgboss.job` (deleted after days), so every job of the run is still there. */
async function pgBossJobs(probe: Probe): Promise<ProcessedTwice["jobs"]> {
  try {
    const rowsInSeveralJobs = await count(
      probe,
      // A job names its rows in data.ids (one row in data.id before).
      `SELECT COUNT(*) AS n FROM (
         SELECT row_id FROM pgboss.job,
                jsonb_array_elements_text(COALESCE(data->'ids', jsonb_build_array(data->'id'))) AS row_id
          WHERE name = 'waitwell-webhooks'
          GROUP BY row_id HAVING COUNT(*) > 1) d`,
    );
    const jobsRetried = await count(
      probe,
      // Shops' inbox turns (waitwell-inbox-shops) and jobs naming rows due later (waitwell-webhooks).
      `SELECT COUNT(*) AS n FROM pgboss.job
        WHERE name IN ('waitwell-inbox-shops', 'waitwell-webhooks') AND retry_count > 0`,
    );
    return { rowsInSeveralJobs, jobsRetried };
  } catch {
    return null;
  }
}
