/**
 * The production start: the server compiled to JavaScript (npm run build:server) and run by plain node, as PID 1 in
 * a container. SIGTERM in the middle of a burst of signed webhooks: every delivery answered 200 is in the database,
 * the process exits 0, and the next process finishes every row.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../web/server/adapters/prisma/client.js";
import { createPrismaRepositories } from "../web/server/adapters/prisma/index.js";
import { LOCAL_DEFAULTS } from "../web/server/config.js";
import { freePort, projectRoot } from "../scripts/local-stack.js";
import { eventually } from "./support/stack.js";

const dir = mkdtempSync(path.join(tmpdir(), "waitwell-prod-"));
const databaseUrl = `file:${path.join(dir, "waitwell.db")}`;
const children: ChildProcess[] = [];

beforeAll(() => {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.server.json"], { cwd: projectRoot, stdio: "inherit" });
}, 180_000);
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

async function startCompiled(): Promise<{
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(projectRoot, "dist/server/main.js")], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      WAITWELL_MODE: "local",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "warn",
      INBOX_POLL_MS: "50",
      SHUTDOWN_TIMEOUT_MS: "15000",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => (await fetch(`${url}/healthz`)).ok, 60_000);
  return { child, url, exited };
}

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof createDb>>) => Promise<T>): Promise<T> {
  const db = await createDb(databaseUrl);
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
  }
}

function deliver(url: string, n: number): Promise<{ webhookId: string; status: number }> {
  const body = JSON.stringify({ id: 271878346596884000 + n, sku: `SKU-${n}` });
  const webhookId = randomUUID();
  return fetch(`${url}/webhooks`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": "inventory_items/update",
      "X-Shopify-Hmac-Sha256": createHmac("sha256", LOCAL_DEFAULTS.apiSecret).update(body).digest("base64"),
      "X-Shopify-Shop-Domain": LOCAL_DEFAULTS.shop,
      "X-Shopify-API-Version": "2026-07",
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Triggered-At": new Date().toISOString(),
    },
    body,
  }).then(
    (res) => ({ webhookId, status: res.status }),
    () => ({ webhookId, status: 0 }),
  );
}

describe("npm run start:prod (node dist/server/main.js)", () => {
  it("on SIGTERM mid-burst, keeps every acknowledged delivery, exits 0, and the next process finishes them", async () => {
    const first = await startCompiled();
    await withDb((db) =>
      createPrismaRepositories(db).shops.upsertInstalled({
        domain: LOCAL_DEFAULTS.shop,
        name: "Demo",
        scopes: null,
        at: new Date(),
      }),
    );
    const burst: Promise<{ webhookId: string; status: number }>[] = [];
    for (let i = 0; i < 300; i++) {
      burst.push(deliver(first.url, i));
      if (i === 150) first.child.kill("SIGTERM");
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    const results = await Promise.all(burst);
    expect(await first.exited).toBe(0);
    const acknowledged = results.filter((r) => r.status === 200).map((r) => r.webhookId);
    expect(acknowledged.length).toBeGreaterThan(0);

    const stored = await withDb((db) => db.webhookEvent.findMany({ select: { webhookId: true } }));
    const ids = new Set(stored.map((r) => r.webhookId));
    expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);

    const second = await startCompiled();
    await eventually(
      () =>
        withDb(
          async (db) => (await db.webhookEvent.count({ where: { status: { not: "PROCESSED" } } })) === 0,
        ),
      30_000,
    );
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 240_000);
});
