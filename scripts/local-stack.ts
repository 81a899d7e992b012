/**
 * Local mode in one call: the dev store seeded with a catalog, Waitwell against it, and the app installed on the
 * demo shop through token exchange, exactly as a merchant's first admin load does it. `npm start` and the
 * `npm-start` benchmark stack run the dev store in a child process (startSplitLocalStack); the scenario and browser
 * tests keep it in this process (startLocalStack), where they read and drive its state directly.
 */
import path from "node:path";
import { createServer } from "node:net";
import { loadConfig, LOCAL_DEFAULTS, type Config } from "../web/server/config.js";
import { startWaitwell, type RunningWaitwell, type StartOptions } from "../web/server/main.js";
import { startDevStore, type StartDevStoreOptions } from "../devstore/server.js";
import type { ShopDomain } from "../web/server/use-cases/ports.js";
import {
  startDevStoreProcess,
  type DevStoreHandle,
  type DevStoreProcessOptions,
} from "./devstore-process.js";

export const projectRoot = path.resolve(import.meta.dirname, "..");

export type RunningDevStore = Awaited<ReturnType<typeof startDevStore>>;
export type { DevStoreHandle } from "./devstore-process.js";

export interface LocalStack<D extends DevStoreHandle = RunningDevStore> {
  config: Config;
  app: RunningWaitwell;
  devStore: D;
  shop: ShopDomain;
  /** A fresh session token for the demo shop's staff user, minted by the dev store (as App Bridge would get it). */
  sessionToken(): Promise<string>;
  close(): Promise<void>;
}

/** The options the dev store gets from the config: where it listens and the app it serves. */
type FromConfig = "apps" | "port" | "host";

export interface LocalStackOptions extends StartOptions {
  /** Environment to load the config from (the documented local defaults fill the rest). */
  env?: Record<string, string | undefined>;
  catalog?: StartDevStoreOptions["catalog"];
  seed?: number;
  /** Extra dev store options (rate limit, webhook retry scale, clock…). */
  devStore?: Omit<StartDevStoreOptions, FromConfig | "catalog" | "seed">;
}

/** The whole local stack in this process (tests: they read and drive the dev store's state directly). */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const loaded = localConfig(options.env);
  const devStore = await startDevStore(
    devStoreOptions(loaded, {
      ...(options.catalog !== undefined ? { catalog: options.catalog } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...options.devStore,
    }),
  );
  return installedStack(withMailbox(loaded, devStore), devStore, options);
}

export interface SplitLocalStackOptions extends StartOptions {
  /** Environment to load the config from (the documented local defaults fill the rest). */
  env?: Record<string, string | undefined>;
  /** Extra options of the dev store process (catalog, seed, rate limit, `quiet`…). */
  devStore?: Omit<DevStoreProcessOptions, FromConfig>;
  /**
   * A dev store already running in another process (its URL; DEVSTORE_PORT must name its port): Waitwell is started
   * and installed against it, and `close()` leaves it running. The load benchmarks' own stack uses this.
   */
  externalDevStoreUrl?: string;
}

/**
 * `npm start`: the dev store in a child process (scripts/devstore-process.ts), started and stopped with the app,
 * so this process's event loop serves the app alone (a real Shopify is not on it either).
 */
export async function startSplitLocalStack(
  options: SplitLocalStackOptions = {},
): Promise<LocalStack<DevStoreHandle>> {
  const loaded = localConfig(options.env);
  const devStore = options.externalDevStoreUrl
    ? externalDevStore(options.externalDevStoreUrl)
    : await startDevStoreProcess(devStoreOptions(loaded, options.devStore ?? {}));
  return installedStack(withMailbox(loaded, devStore), devStore, options);
}

function localConfig(env: Record<string, string | undefined> = {}): Config & { devStore: { port: number } } {
  // The local start is what chooses local mode (config.ts refuses it where it would be unsafe).
  const loaded = loadConfig({ WAITWELL_MODE: "local", ...env });
  if (loaded.mode !== "local" || !loaded.devStore) throw new Error("the local stack needs local mode");
  return { ...loaded, devStore: loaded.devStore };
}

function devStoreOptions<E extends { catalog?: unknown }>(
  config: Config & { devStore: { port: number } },
  extras: E,
) {
  return {
    port: config.devStore.port,
    host: "127.0.0.1",
    apps: [
      {
        apiKey: config.shopify.apiKey,
        apiSecret: config.shopify.apiSecret,
        appUrl: config.shopify.appUrl,
        appTomlPath: path.join(projectRoot, "shopify.app.toml"),
      },
    ],
    ...extras,
    catalog: extras.catalog ?? path.join(projectRoot, "devstore/catalogs/demo.json"),
  };
}

/** Without SMTP_URL, the app's email goes to the dev store's local mailbox (/_devstore/mailbox). */
function withMailbox(loaded: Config, devStore: DevStoreHandle): Config {
  return loaded.mail.smtpUrl === null && devStore.smtpUrl
    ? { ...loaded, mail: { ...loaded.mail, smtpUrl: devStore.smtpUrl } }
    : loaded;
}

/** A dev store in another process, not ours: its URL, and a close() that leaves it alone. */
function externalDevStore(url: string): DevStoreHandle {
  return { url, smtpUrl: null, warmUpStorefront: async () => {}, close: async () => {} };
}

async function installedStack<D extends DevStoreHandle>(
  config: Config,
  devStore: D,
  options: StartOptions,
): Promise<LocalStack<D>> {
  let app: RunningWaitwell;
  try {
    app = await startWaitwell(config, options);
  } catch (e) {
    await devStore.close();
    throw e;
  }
  const shop = LOCAL_DEFAULTS.shop;
  const sessionToken = async () => {
    const res = await fetch(`${devStore.url}/_devstore/session-token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop, apiKey: config.shopify.apiKey }),
    });
    if (!res.ok) throw new Error(`dev store refused a session token: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };

  // The first authenticated request of a shop without an offline session performs the token exchange.
  const res = await fetch(`${app.url}/api/shop`, {
    headers: { Authorization: `Bearer ${await sessionToken()}` },
  });
  if (!res.ok) {
    await app.close();
    await devStore.close();
    throw new Error(`installing Waitwell on ${shop} failed: ${res.status} ${await res.text()}`);
  }

  return {
    config,
    app,
    devStore,
    shop,
    sessionToken,
    async close() {
      await app.close();
      await devStore.close();
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
