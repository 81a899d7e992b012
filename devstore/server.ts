import { readFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createAdminExecutor, createDocumentCache, loadAdminSchema } from "./graphql/execute.js";
import { DevStore } from "./model/store.js";
import type { Catalog } from "./model/types.js";
import { createAdminApi } from "./http/admin-api.js";
import { createDevStoreApp } from "./http/create-app.js";
import { CostBucketLimiter, STANDARD_PLAN, type RateLimitConfig } from "./throttle/leaky-bucket.js";
import { readAppConfig, type AppConfig } from "./webhooks/app-config.js";
import { WebhookDispatcher, type DeliveryFilter, type DeliveryRecord } from "./webhooks/dispatcher.js";
import { FaultController } from "./webhooks/faults.js";
import { createStorefront } from "./storefront/index.js";
import { Mailbox } from "./mail/mailbox.js";
import { startSmtp } from "./mail/smtp.js";

/**
 * Composition root of the dev store: reads each app's shopify.app.toml, builds the store, the Admin API, the limiter
 * and the webhook sender, and serves them over HTTP. Nothing else wires these together.
 */

export interface DevStoreAppOptions {
  apiKey: string;
  apiSecret: string;
  /** Relative webhook uris in the toml are prefixed with this. */
  appUrl: string;
  appTomlPath: string;
}

export interface StartDevStoreOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  apps: DevStoreAppOptions[];
  /** A catalog, or the path of a catalog JSON file (devstore/catalogs/demo.json). */
  catalog?: Catalog | string;
  /** Seeds ids, tokens, webhook ids and fault decisions: the same seed and actions give the same run. */
  seed?: number;
  /** Default: Shopify's Standard plan, 100 points/s into a 2000-point bucket. */
  rateLimit?: Partial<RateLimitConfig>;
  /** The store's base clock (advanceClock moves it forward). Tests pass a fixed one for determinism. */
  clock?: () => Date;
  webhooks?: {
    /** Multiplies the retry backoff (60 s, doubling); tests use ~0.0001. */
    backoffScale?: number;
    /** Per-attempt budget, 5000 ms like Shopify. */
    timeoutMs?: number;
    maxRetries?: number;
    logLimit?: number;
  };
  /** The staff user named in minted session tokens. */
  staffUserId?: string;
  /**
   * The local mailbox: an SMTP server on `host` (a free port unless `smtpPort`) that keeps every message, read at
   * `/_devstore/mail` and `/_devstore/mailbox`. On by default; `false` turns it off.
   */
  mail?: { smtpPort?: number } | false;
  /** The online store at `/` (storefront/): on by default; `false` turns it off. */
  storefront?: { shop?: string } | false;
  log?: (message: string, error?: unknown) => void;
}

export interface RunningDevStore {
  url: string;
  store: DevStore;
  close(): Promise<void>;
  /** The delivery log (copies), or the deliveries that match `filter`. */
  deliveries(filter?: DeliveryFilter): DeliveryRecord[];
  /** Builds the storefront's checkout extensions now (otherwise the first checkout does). */
  warmUpStorefront(): Promise<void>;
  faults: FaultController;
  rateLimit: CostBucketLimiter;
  /** smtp://127.0.0.1:<port>, the app's SMTP_URL in local mode; null with `mail: false`. */
  smtpUrl: string | null;
  /** Every email received over SMTP; null with `mail: false`. */
  mailbox: Mailbox | null;
  /** Resolves when every webhook so far has been delivered, dropped or given up on. */
  webhooksIdle(): Promise<void>;
}

export const DEFAULT_STAFF_USER_ID = "1";

export async function startDevStore(opts: StartDevStoreOptions): Promise<RunningDevStore> {
  if (opts.apps.length === 0) throw new Error("startDevStore: give at least one app");
  const log = opts.log ?? ((message, error) => console.error(message, error ?? ""));
  const configs = new Map<string, AppConfig>();
  for (const app of opts.apps) configs.set(app.apiKey, await readAppConfig(app.appTomlPath, app.appUrl));
  const configOf = (apiKey: string) => configs.get(apiKey)!;

  const store = new DevStore({
    ...(opts.clock ? { now: opts.clock } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  });
  const faults = new FaultController(opts.seed ?? 1);
  const dispatcher = new WebhookDispatcher({
    apps: opts.apps.map((a) => ({
      apiKey: a.apiKey,
      apiSecret: a.apiSecret,
      apiVersion: configOf(a.apiKey).apiVersion,
      subscriptions: configOf(a.apiKey).subscriptions,
    })),
    faults,
    isInstalled: (shop, apiKey) => store.installation(shop, apiKey) !== null,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...opts.webhooks,
  });
  const unsubscribe = store.subscribe((event) => dispatcher.handle(event));
  if (opts.catalog !== undefined) store.seed(await loadCatalog(opts.catalog));

  // The bucket restores on the store's clock, so advancing the clock is how a test waits out a throttle.
  const limiter = new CostBucketLimiter({ ...STANDARD_PLAN, ...opts.rateLimit }, () => store.now().getTime());
  const schema = loadAdminSchema();
  const adminApi = createAdminApi({
    schema,
    prepare: createDocumentCache(schema),
    execute: createAdminExecutor(store),
    limiter,
    versions: new Set([...configs.values()].map((c) => c.apiVersion)),
    shopForAccessToken: (token) => store.shopForAccessToken(token),
  });

  const storefront =
    opts.storefront === false
      ? null
      : createStorefront({
          store,
          apps: opts.apps.map((a) => ({
            apiKey: a.apiKey,
            apiSecret: a.apiSecret,
            handle: configOf(a.apiKey).handle ?? a.apiKey,
            root: path.dirname(path.resolve(a.appTomlPath)),
            appProxy: configOf(a.apiKey).appProxy,
          })),
          ...(opts.storefront?.shop ? { shop: opts.storefront.shop } : {}),
          wallClock: Date.now,
          root: path.dirname(path.resolve(opts.apps[0]!.appTomlPath)),
        });

  const host = opts.host ?? "127.0.0.1";
  const mailbox = opts.mail === false ? null : new Mailbox();
  const smtp =
    mailbox && opts.mail !== false
      ? await startSmtp(mailbox, {
          host,
          ...(opts.mail?.smtpPort !== undefined ? { port: opts.mail.smtpPort } : {}),
        })
      : null;

  const app = createDevStoreApp({
    admin: {
      adminApi,
      wallClock: Date.now,
      tokenExchange: {
        findApp: (apiKey) => {
          const app = opts.apps.find((a) => a.apiKey === apiKey);
          return app && { apiKey: app.apiKey, apiSecret: app.apiSecret, scopes: configOf(apiKey).scopes };
        },
        install: (shop, app) => ({
          accessToken: store.installApp(shop, { apiKey: app.apiKey, scopes: app.scopes }).accessToken,
          scope: app.scopes.join(","),
        }),
      },
    },
    control: {
      store,
      apps: opts.apps,
      faults,
      limiter,
      deliveries: (filter) => dispatcher.deliveries(filter),
      wallClock: Date.now,
      staffUserId: opts.staffUserId ?? DEFAULT_STAFF_USER_ID,
      ...(mailbox ? { mailbox } : {}),
    },
    ...(storefront ? { storefront: storefront.router } : {}),
    log,
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, host, (error?: Error) => (error ? reject(error) : resolve(s)));
  }).catch(async (error: unknown) => {
    await smtp?.close();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  // Scheduled events (shop/redact 48 h after an uninstall) also come due as real time passes, not only on advance.
  const dueTimer = setInterval(() => store.runDue(), 1000);
  dueTimer.unref();

  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    store,
    faults,
    rateLimit: limiter,
    smtpUrl: smtp?.url ?? null,
    mailbox,
    deliveries: (filter) => dispatcher.deliveries(filter),
    warmUpStorefront: () => storefront?.warmUp() ?? Promise.resolve(),
    webhooksIdle: () => dispatcher.idle(),
    async close() {
      clearInterval(dueTimer);
      unsubscribe();
      await dispatcher.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      await smtp?.close();
    },
  };
}

async function loadCatalog(catalog: Catalog | string): Promise<Catalog> {
  if (typeof catalog !== "string") return catalog;
  return JSON.parse(await readFile(catalog, "utf8")) as Catalog;
}
