import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  freePort,
  startLocalStack,
  type LocalStack,
  type LocalStackOptions,
} from "../../scripts/local-stack.js";
import { copyMigratedSqlite } from "./db.js";

/**
 * The whole local stack on free ports with a throwaway SQLite file (or the database URL given), quiet logs and
 * fast webhook retries. `close()` stops both servers and removes the temp directory.
 *
 * The database is migrated already: the SQLite file is a copy of the migrated template (test/support/db.ts) and a
 * given `databaseUrl` must come from `createTestDatabase`. So the app skips `prisma migrate deploy` (a Prisma CLI
 * process, seconds of CPU per stack on a busy machine) unless `migrate: true` asks for it; the real start's
 * migration is covered by test/crash-recovery.test.ts, test/production-start.test.ts and test/scale-out.test.ts.
 */
export async function startTestStack(
  options: LocalStackOptions & { databaseUrl?: string } = {},
): Promise<LocalStack & { devStoreUrl: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "waitwell-stack-"));
  const databaseUrl = options.databaseUrl ?? (await copyMigratedSqlite(path.join(dir, "waitwell.db")));
  const start = async () =>
    startLocalStack({
      migrate: false,
      ...options,
      env: {
        DATABASE_URL: databaseUrl,
        PORT: String(await freePort()),
        DEVSTORE_PORT: String(await freePort()),
        LOG_LEVEL: "silent",
        INBOX_POLL_MS: "50",
        INBOX_BACKOFF_MS: "20",
        // Tests drive and inspect the worker in this thread (drain(), promiseSync.idle()).
        INBOX_WORKER_THREAD: "off",
        // Tests wait on the in-process jobs (availabilitySync.idle(), careJob.idle()); pg-boss, PostgreSQL's default
        // queue, runs them elsewhere and is covered by test/scale-out.test.ts.
        WAITWELL_QUEUE: "in-process",
        ...options.env,
      },
      devStore: { webhooks: { backoffScale: 0.0001 }, log: () => {}, ...options.devStore },
    });
  // A port found free can be taken (another test's outgoing connection) before the stack binds it: pick new ones.
  let stack: LocalStack;
  for (let attempt = 1; ; attempt++) {
    try {
      stack = await start();
      break;
    } catch (e) {
      if (attempt >= 3 || (e as NodeJS.ErrnoException).code !== "EADDRINUSE") throw e;
    }
  }
  return {
    ...stack,
    devStoreUrl: stack.devStore.url,
    async close() {
      await stack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POST JSON to the dev store's control API and return the parsed answer (throws on non-2xx). */
export async function devStoreControl<T = unknown>(
  stack: { devStoreUrl: string },
  route: string,
  body: unknown,
): Promise<T> {
  const res = await fetch(`${stack.devStoreUrl}/_devstore${route}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`dev store ${route}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Polls until `check` returns a truthy value (or throws the last failure after `timeoutMs`). */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw last instanceof Error ? last : new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
