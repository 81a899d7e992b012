/**
 * The processes of a load run: the dev store in its own process (started by the benchmark, or by the app as
 * `npm start` starts it: scripts/local-stack.ts startSplitLocalStack) and Waitwell (both roles, worker thread on) installed on it; or, scaled out on PostgreSQL, `web` processes
 * (WAITWELL_ROLE=web) behind the bench's round-robin balancer (bench/load/balancer.ts), which is where the dev store
 * delivers webhooks, and `worker` processes (bench/load/serve-worker.ts), all on one database with the pg-boss queue.
 */
import path from "node:path";
import { freePort } from "../../scripts/local-stack.js";
import { startBalancer } from "./balancer.js";
import { spawnScript, type Child } from "./processes.js";

const here = import.meta.dirname;

export interface StackOptions {
  /** The dev store started by the app, as `npm start` does (its child process), or by the benchmark. */
  npmStart: boolean;
  /** The engine decides a shop's claimed rows in one step, or one by one (INBOX_BATCHING=off, 10 rows a round). */
  batching: boolean;
  /** Write `node --cpu-prof` profiles of the app process to this directory (the dev store's to its dev-store folder). */
  profileDir?: string;
  /** PostgreSQL only: this many web and worker processes instead of one process with both roles. */
  scaleOut?: { web: number; workers: number };
}

export interface Stack {
  /** Where the admin API answers (the first web process). */
  appUrl: string;
  devStoreUrl: string;
  shop: string;
  /** Requests the balancer forwarded to each web process (scaled out only). */
  forwarded(): number[];
  /** The processes the benchmark started, by role (their CPU time is measured: bench/load/sale.ts). */
  processes(): { label: string; pid: number | undefined }[];
  stop(): Promise<void>;
}

export async function startStack(databaseUrl: string, options: StackOptions): Promise<Stack> {
  if (options.scaleOut) return startScaledOut(databaseUrl, options, options.scaleOut);
  const appPort = String(await freePort());
  const devStorePort = String(await freePort());
  let devStore: Child<{ url: string }> | null = null;
  if (!options.npmStart)
    devStore = await startDevStore(
      devStorePort,
      `http://localhost:${appPort}`,
      profileArgs(options, "dev-store"),
    );
  const env = { ...appEnv(databaseUrl, devStorePort, options), PORT: appPort };
  const app = await spawnScript<{ app: string; devStore: string; shop: string }>(
    path.join(here, "serve-app.ts"),
    devStore ? { ...env, BENCH_DEVSTORE_URL: devStore.info.url } : env,
    profileArgs(options),
  );
  return {
    appUrl: app.info.app,
    devStoreUrl: devStore?.info.url ?? app.info.devStore,
    shop: app.info.shop,
    forwarded: () => [],
    processes: () => [
      { label: "app", pid: app.process.pid },
      ...(devStore ? [{ label: "dev store", pid: devStore.process.pid }] : []),
      { label: "bench", pid: process.pid },
    ],
    async stop() {
      await app.stop();
      await devStore?.stop();
    },
  };
}

/**
 * `node --cpu-prof` into the profile directory, or (scaled out) a folder of it named after the process's role: one
 * profile per thread (tsx's loader thread, the worker thread), named by node after the process and thread.
 */
function profileArgs(options: StackOptions, role?: string): string[] {
  if (!options.profileDir) return [];
  return ["--cpu-prof", `--cpu-prof-dir=${role ? path.join(options.profileDir, role) : options.profileDir}`];
}

function appEnv(databaseUrl: string, devStorePort: string, options: StackOptions): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    DEVSTORE_PORT: devStorePort,
    INBOX_BATCHING: options.batching ? "on" : "off",
    // The baseline is main's worker as it was: 10 rows a round, each on its own.
    INBOX_BATCH_SIZE: options.batching ? "100" : "10",
  };
}

function startDevStore(port: string, appUrl: string, nodeArgs: string[]) {
  return spawnScript<{ url: string }>(
    path.join(here, "serve-devstore.ts"),
    { DEVSTORE_PORT: port, APP_URL: appUrl, RATE_LIMIT: "off" },
    nodeArgs,
  );
}

/**
 * The balancer listens first (it holds requests until a web process is added), the dev store delivers to it, the
 * web processes start one after the other (the first migrates and installs; the others find both done), then the
 * workers.
 */
async function startScaledOut(
  databaseUrl: string,
  options: StackOptions,
  scale: { web: number; workers: number },
): Promise<Stack> {
  if (!databaseUrl.startsWith("postgres")) throw new Error("scale-out needs PostgreSQL (pg-boss)");
  const balancer = await startBalancer();
  const devStorePort = String(await freePort());
  const devStore = await startDevStore(devStorePort, balancer.url, profileArgs(options, "dev-store"));
  const env = { ...appEnv(databaseUrl, devStorePort, options), BENCH_DEVSTORE_URL: devStore.info.url };
  const webs: Child<{ app: string; shop: string }>[] = [];
  const workers: Child<unknown>[] = [];
  const stop = async () => {
    for (const child of [...webs, ...workers]) await child.stop();
    await balancer.close();
    await devStore.stop();
  };
  try {
    for (let i = 0; i < scale.web; i++) {
      const port = String(await freePort());
      const web = await spawnScript<{ app: string; shop: string }>(
        path.join(here, "serve-app.ts"),
        { ...env, PORT: port, WAITWELL_ROLE: "web" },
        profileArgs(options, `web-${i + 1}`),
      );
      webs.push(web);
      balancer.add(web.info.app);
    }
    for (let i = 0; i < scale.workers; i++)
      workers.push(
        await spawnScript(path.join(here, "serve-worker.ts"), env, profileArgs(options, `worker-${i + 1}`)),
      );
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    appUrl: webs[0]!.info.app,
    devStoreUrl: devStore.info.url,
    shop: webs[0]!.info.shop,
    forwarded: () => balancer.forwarded(),
    processes: () => [
      ...webs.map((w, i) => ({ label: `web ${i + 1}`, pid: w.process.pid })),
      ...workers.map((w, i) => ({ label: `worker ${i + 1}`, pid: w.process.pid })),
      { label: "dev store", pid: devStore.process.pid },
      // The balancer runs in the benchmark's own process.
      { label: "bench + balancer", pid: process.pid },
    ],
    stop,
  };
}
