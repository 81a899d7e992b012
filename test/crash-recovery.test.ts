import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../web/server/adapters/prisma/client.js";
import { createPrismaRepositories } from "../web/server/adapters/prisma/index.js";
import { LOCAL_DEFAULTS } from "../web/server/config.js";
import { freePort, projectRoot } from "../scripts/local-stack.js";
import { eventually } from "./support/stack.js";

/**
 * Durability across a hard crash: a webhook answered 2xx is in the inbox even if the process is SIGKILLed right
 * after, and the next process to start takes it. Real processes, real SQLite file, real signal.
 */
const dir = mkdtempSync(path.join(tmpdir(), "waitwell-crash-"));
const databaseUrl = `file:${path.join(dir, "waitwell.db")}`;
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "web/server/main.ts")], {
    cwd: projectRoot,
    env: {
      ...process.env,
      WAITWELL_MODE: "local",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => (await fetch(`${url}/healthz`)).ok, 30_000);
  return { child, url };
}

function signedDelivery(body: string): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Topic": "orders/create",
    "X-Shopify-Hmac-Sha256": createHmac("sha256", LOCAL_DEFAULTS.apiSecret).update(body).digest("base64"),
    "X-Shopify-Shop-Domain": LOCAL_DEFAULTS.shop,
    "X-Shopify-API-Version": "2026-07",
    "X-Shopify-Webhook-Id": randomUUID(),
    "X-Shopify-Event-Id": randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
  };
}

/** The shop row an install writes: webhooks of shops that are not installed are ignored. */
async function installDemoShop(): Promise<void> {
  const db = await createDb(databaseUrl);
  try {
    await createPrismaRepositories(db).shops.upsertInstalled({
      domain: LOCAL_DEFAULTS.shop,
      name: "Demo",
      scopes: null,
      at: new Date(),
    });
  } finally {
    await db.$disconnect();
  }
}

describe("a webhook acknowledged just before SIGKILL", () => {
  it("is processed by the next process", async () => {
    // A web-only process (no worker) stands for "killed after the 2xx, before the worker got to it".
    const first = await startServer({ INBOX_WORKER: "off" });
    await installDemoShop();
    const body = JSON.stringify({
      id: 820982911946154500,
      name: "#1001",
      created_at: "2026-11-24T10:00:00-05:00",
      updated_at: "2026-11-24T10:00:00-05:00",
      line_items: [{ id: 466157049, quantity: 1 }],
    });
    const res = await fetch(`${first.url}/webhooks`, { method: "POST", headers: signedDelivery(body), body });
    expect(res.status).toBe(200);
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));

    const statuses = async () => {
      // Closed after each look: `prisma migrate deploy` at start wants the SQLite file to itself.
      const db = await createDb(databaseUrl);
      try {
        return (await db.webhookEvent.findMany()).map((r) => [r.topic, r.status]);
      } finally {
        await db.$disconnect();
      }
    };
    expect(await statuses()).toEqual([["orders/create", "PENDING"]]);

    await startServer({ INBOX_POLL_MS: "50" });
    await eventually(async () => (await statuses())[0]?.[1] === "PROCESSED", 20_000);
  }, 90_000);
});
