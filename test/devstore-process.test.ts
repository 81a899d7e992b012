/**
 * The dev store in its own process, as `npm start` runs it (scripts/devstore-process.ts): it serves the demo shop
 * and its mailbox, the local stack installs the app on it and sends the app's email there, close() stops it, and it
 * never outlives its parent, not even a parent killed with SIGKILL.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnScript } from "../bench/load/processes.js";
import { startDevStoreProcess } from "../scripts/devstore-process.js";
import { freePort, projectRoot, startSplitLocalStack } from "../scripts/local-stack.js";
import { LOCAL_DEFAULTS } from "../web/server/config.js";
import { copyMigratedSqlite } from "./support/db.js";
import { eventually } from "./support/stack.js";

/** Running (a zombie waiting for an init that does not reap counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

async function productCount(url: string): Promise<number> {
  const res = await fetch(`${url}/_devstore/state?shop=${LOCAL_DEFAULTS.shop}`);
  return ((await res.json()) as { products: unknown[] }).products.length;
}

// Generous: each test starts node processes (and the first bundles the checkout extensions) on a shared machine.
describe("the dev store's own process", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), "waitwell-devstore-process-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("serves the catalog and a mailbox, builds the storefront on request, and stops with close()", async () => {
    const store = await startDevStoreProcess({
      apps: [
        {
          apiKey: "process-test-key",
          apiSecret: "process-test-secret",
          appUrl: "http://127.0.0.1:9",
          appTomlPath: path.join(projectRoot, "shopify.app.toml"),
        },
      ],
      catalog: path.join(projectRoot, "devstore/catalogs/demo.json"),
      storefront: { shop: LOCAL_DEFAULTS.shop },
      quiet: true,
    });
    try {
      expect(store.pid).not.toBe(process.pid);
      expect(await productCount(store.url)).toBeGreaterThan(0);
      expect(store.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
      await store.warmUpStorefront();
    } finally {
      await store.close();
    }
    expect(alive(store.pid)).toBe(false);
    await expect(fetch(`${store.url}/_devstore/state`)).rejects.toThrow();
  });

  it("is the local stack's dev store: the app is installed on it and mails to its mailbox", async () => {
    const stack = await startSplitLocalStack({
      migrate: false,
      env: {
        DATABASE_URL: await copyMigratedSqlite(path.join(dir, "waitwell.db")),
        PORT: String(await freePort()),
        DEVSTORE_PORT: String(await freePort()),
        LOG_LEVEL: "silent",
        INBOX_WORKER_THREAD: "off",
      },
      devStore: { quiet: true, storefront: false },
    });
    try {
      expect(stack.config.mail.smtpUrl).toBe(stack.devStore.smtpUrl);
      const res = await fetch(`${stack.app.url}/api/shop`, {
        headers: { Authorization: `Bearer ${await stack.sessionToken()}` },
      });
      expect(res.status).toBe(200);
    } finally {
      await stack.close();
    }
    await expect(fetch(`${stack.devStore.url}/_devstore/state`)).rejects.toThrow();
  });

  it("exits when its parent is killed with SIGKILL", async () => {
    const parent = await spawnScript<{ pid: number; url: string }>(
      path.join(projectRoot, "test/support/devstore-process-parent.ts"),
      {},
    );
    expect(alive(parent.info.pid)).toBe(true);
    parent.process.kill("SIGKILL");
    await eventually(async () => !alive(parent.info.pid));
    await expect(fetch(`${parent.info.url}/_devstore/state`)).rejects.toThrow();
  });
});
