/**
 * Local mode in one call: the dev store seeded with a catalog, Waitwell against it, and the app installed on the
 * demo shop through token exchange, exactly as a merchant's first admin load does it. Used by `npm start`, the
 * scenario and browser tests, and the benchmarks.
 */
import path from "node:path";
import { createServer } from "node:net";
import { loadConfig, LOCAL_DEFAULTS, type Config } from "../web/server/config.js";
import { startWaitwell, type RunningWaitwell, type StartOptions } from "../web/server/main.js";
import { startDevStore, type StartDevStoreOptions } from "../devstore/server.js";
import type { ShopDomain } from "../web/server/use-cases/ports.js";

export const projectRoot = path.resolve(import.meta.dirname, "..");

export type RunningDevStore = Awaited<ReturnType<typeof startDevStore>>;

export interface LocalStack {
  config: Config;
  app: RunningWaitwell;
  devStore: RunningDevStore;
  shop: ShopDomain;
  /** A fresh session token for the demo shop's staff user, minted by the dev store (as App Bridge would get it). */
  sessionToken(): Promise<string>;
  close(): Promise<void>;
}

export interface LocalStackOptions extends StartOptions {
  /** Environment to load the config from (the documented local defaults fill the rest). */
  env?: Record<string, string | undefined>;
  catalog?: StartDevStoreOptions["catalog"];
  seed?: number;
  /** Extra dev store options (rate limit, webhook retry scale, clock…). */
  devStore?: Omit<StartDevStoreOptions, "apps" | "port" | "host" | "catalog" | "seed">;
  /**
   * A dev store already running in another process (its URL; DEVSTORE_PORT must name its port): Waitwell is started
   * and installed against it, and `close()` leaves it running. The load benchmarks use this.
   */
  externalDevStoreUrl?: string;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  // The local start is what chooses local mode (config.ts refuses it where it would be unsafe).
  const loaded = loadConfig({ WAITWELL_MODE: "local", ...options.env });
  if (loaded.mode !== "local" || !loaded.devStore) throw new Error("startLocalStack needs local mode");
  const devStore = options.externalDevStoreUrl
    ? externalDevStore(options.externalDevStoreUrl)
    : await startDevStoreFor(loaded, options);
  // Without SMTP_URL, the app's email goes to the dev store's local mailbox (/_devstore/mailbox).
  const config: Config =
    loaded.mail.smtpUrl === null && devStore.smtpUrl
      ? { ...loaded, mail: { ...loaded.mail, smtpUrl: devStore.smtpUrl } }
      : loaded;
  return installedStack(config, devStore, options);
}

function startDevStoreFor(config: Config, options: LocalStackOptions): Promise<RunningDevStore> {
  if (!config.devStore) throw new Error("startLocalStack needs local mode");
  return startDevStore({
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
    catalog: (options.catalog ??
      path.join(projectRoot, "devstore/catalogs/demo.json")) as StartDevStoreOptions["catalog"],
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...options.devStore,
  });
}

/** Enough of RunningDevStore for a dev store in another process: its URL, and a close() that leaves it alone. */
function externalDevStore(url: string): RunningDevStore {
  return { url, close: async () => {} } as RunningDevStore;
}

async function installedStack(
  config: Config,
  devStore: RunningDevStore,
  options: LocalStackOptions,
): Promise<LocalStack> {
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
