/**
 * The app as main.ts wires it, with in-memory repositories, a settable clock, a fake token exchange and the real
 * @shopify/shopify-api instance. Tests sign session tokens and webhooks themselves, the way Shopify does.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { Express } from "express";
import request from "supertest";
import { createMemoryRepositories } from "../../web/server/adapters/memory/index.js";
import { createMemoryLogger } from "../../web/server/adapters/logger.js";
import { createShopifyLib } from "../../web/server/adapters/shopify/shopify-lib.js";
import { loadConfig, type Config } from "../../web/server/config.js";
import { UnauthorizedError } from "../../web/server/errors.js";
import { createApp } from "../../web/server/http/create-app.js";
import { createAppUseCases, createWebhookHandlers, type AppWiringDeps } from "../../web/server/main.js";
import { createInboxWorker } from "../../web/server/jobs/inbox-worker.js";
import type {
  Clock,
  OfflineAccessToken,
  ShopDomain,
  ShopifyTokenExchange,
} from "../../web/server/use-cases/ports.js";
import type { WebhookHandler } from "../../web/server/use-cases/webhook-handlers.js";

export const SHOP = "shop-a.myshopify.com";
export const OTHER_SHOP = "shop-b.myshopify.com";
export const MAX_BODY_BYTES = 4096;

export class TestClock implements Clock {
  constructor(private ms = Date.now()) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Records every exchange; answers like Shopify: an offline token, or 400 (UnauthorizedError) when told to refuse. */
export class FakeTokenExchange implements ShopifyTokenExchange {
  readonly calls: { shop: ShopDomain; sessionToken: string }[] = [];
  refuse = false;
  delayMs = 0;
  async exchangeForOfflineToken(input: {
    shop: ShopDomain;
    sessionToken: string;
  }): Promise<OfflineAccessToken> {
    this.calls.push(input);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.refuse) throw new UnauthorizedError("Shopify refused the session token");
    return {
      accessToken: `shpat_${input.shop}_${this.calls.length}`,
      scope: "read_orders,write_orders",
      expires: null,
      refreshToken: null,
      refreshTokenExpires: null,
    };
  }
}

/**
 * The HTTP app as main.ts wires it (createAppUseCases) over the given storage and subsystems, with a fake token
 * exchange, a healthy database and no webhook handlers unless given.
 */
export function createWiredApp(
  config: Config,
  deps: Pick<AppWiringDeps, "repositories" | "clock" | "logger"> & Partial<Omit<AppWiringDeps, "config">>,
): Express {
  return createApp({
    config,
    logger: deps.logger,
    shopify: createShopifyLib(config, deps.logger),
    useCases: createAppUseCases({
      config,
      tokenExchange: new FakeTokenExchange(),
      healthProbe: { ping: async () => {} },
      webhookHandlers: {},
      inboxNotifier: { nudge: () => {} },
      ...deps,
    }),
  });
}

export function createHarness(
  options: {
    env?: Record<string, string>;
    extraHandlers?: Record<string, WebhookHandler>;
    staticDir?: string;
    /** Shops installed before the first request (webhooks of other shops are IGNORED). Default SHOP, OTHER_SHOP. */
    installed?: ShopDomain[];
  } = {},
) {
  const config: Config = loadConfig({
    ...(options.env?.SHOPIFY_API_KEY ? {} : { WAITWELL_MODE: "local" }),
    WEBHOOK_MAX_BYTES: String(MAX_BODY_BYTES),
    INBOX_MAX_ATTEMPTS: "3",
    INBOX_BACKOFF_MS: "1000",
    ...options.env,
  });
  const clock = new TestClock();
  const logger = createMemoryLogger();
  const repositories = createMemoryRepositories({ clock });
  // The memory repository writes synchronously inside the call; nothing to wait for.
  for (const domain of options.installed ?? [SHOP, OTHER_SHOP]) {
    void repositories.shops.upsertInstalled({ domain, name: domain, scopes: null, at: clock.now() });
  }
  const tokenExchange = new FakeTokenExchange();
  const database = { up: true };
  const healthProbe = {
    ping: async () => {
      if (!database.up) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
    },
  };
  const webhookHandlers = {
    ...createWebhookHandlers({ repositories, clock, logger }),
    ...options.extraHandlers,
  };
  const worker = createInboxWorker({
    inbox: repositories.inbox,
    handlers: webhookHandlers,
    clock,
    logger,
    settings: config.inbox,
    random: () => 0,
  });
  const nudges = { count: 0 };
  const app = createApp({
    config,
    logger,
    shopify: createShopifyLib(config, logger),
    useCases: createAppUseCases({
      config,
      repositories,
      clock,
      logger,
      tokenExchange,
      healthProbe,
      webhookHandlers,
      inboxNotifier: { nudge: () => void (nudges.count += 1) },
    }),
    ...(options.staticDir ? { staticDir: options.staticDir } : {}),
  });
  const secret = config.shopify.apiSecret;
  const apiKey = config.shopify.apiKey;

  /** A session token as App Bridge gets it; claims can be overridden or removed (set to undefined). */
  function sessionToken(
    shop: ShopDomain = SHOP,
    claims: Record<string, unknown> = {},
    signWith = secret,
  ): string {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(
      {
        iss: `https://${shop}/admin`,
        dest: `https://${shop}`,
        aud: apiKey,
        sub: "42",
        exp: now + 60,
        nbf: now,
        iat: now,
        jti: randomUUID(),
        sid: "session-1",
        ...claims,
      },
      signWith,
    );
  }

  return {
    app,
    config,
    clock,
    logger,
    repositories,
    inbox: repositories.inbox,
    tokenExchange,
    database,
    worker,
    nudges,
    http: () => request(app),

    sessionToken,

    /** GET an /api path as an authenticated shop. */
    api: (path: string, shop: ShopDomain = SHOP) =>
      request(app)
        .get(path)
        .set("Authorization", `Bearer ${sessionToken(shop)}`),

    apiPost: (path: string, shop: ShopDomain = SHOP) =>
      request(app)
        .post(path)
        .set("Authorization", `Bearer ${sessionToken(shop)}`),

    /** A webhook delivery signed like Shopify's: base64 HMAC-SHA256 of the exact bytes. */
    webhook: (topic: string, body: string | Buffer, headers: Partial<WebhookHeaders> = {}) => {
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8");
      const all: WebhookHeaders = {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic,
        "X-Shopify-Hmac-Sha256": signWebhook(bytes, secret),
        "X-Shopify-Shop-Domain": SHOP,
        "X-Shopify-API-Version": "2026-07",
        "X-Shopify-Webhook-Id": randomUUID(),
        "X-Shopify-Triggered-At": clock.now().toISOString(),
        "X-Shopify-Event-Id": randomUUID(),
        ...headers,
      };
      let req = request(app).post("/webhooks");
      for (const [name, value] of Object.entries(all)) if (value !== undefined) req = req.set(name, value);
      // A string goes out as is; superagent would JSON-encode a Buffer under application/json (give a Buffer another
      // Content-Type).
      return req.send(body);
    },
  };
}

export type Harness = ReturnType<typeof createHarness>;

type WebhookHeaders = Record<
  | "Content-Type"
  | "X-Shopify-Topic"
  | "X-Shopify-Hmac-Sha256"
  | "X-Shopify-Shop-Domain"
  | "X-Shopify-API-Version"
  | "X-Shopify-Webhook-Id"
  | "X-Shopify-Triggered-At"
  | "X-Shopify-Event-Id",
  string | undefined
>;

export function signWebhook(body: Buffer | string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

export function signJwt(
  claims: Record<string, unknown>,
  secret: string,
  header: Record<string, unknown> = {},
): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signingInput = `${encode({ alg: "HS256", typ: "JWT", ...header })}.${encode(claims)}`;
  return `${signingInput}.${createHmac("sha256", secret).update(signingInput).digest("base64url")}`;
}

/** Shopify-shaped payloads (trimmed samples of https://shopify.dev/docs/api/webhooks/2026-07). */
export const payloads = {
  order: (id = "820982911946154508", customerId = "115310627314723954") =>
    `{"id":${id},"admin_graphql_api_id":"gid://shopify/Order/${id}","name":"#1001","email":"jon@example.com",` +
    `"cancelled_at":null,"customer":{"id":${customerId},"email":"jon@example.com","first_name":"Jon"},` +
    `"line_items":[{"id":866550311766439020,"variant_id":808950810,"quantity":2}]}`,
  inventoryLevel: () =>
    `{"inventory_item_id":271878346596884015,"location_id":24826418,"available":-3,"updated_at":"2021-12-31T19:00:00-05:00"}`,
  customersRedact: (customerId = "191167", orders: string[] = ["299938"], shop: string = SHOP) =>
    `{"shop_id":954889,"shop_domain":"${shop}","customer":{"id":${customerId},"email":"john@example.com","phone":"555-625-1199"},"orders_to_redact":[${orders.join(",")}]}`,
  customersDataRequest: (
    customerId = "191167",
    orders: string[] = ["299938"],
    requestId = "9999",
    shop: string = SHOP,
  ) =>
    `{"shop_id":954889,"shop_domain":"${shop}","orders_requested":[${orders.join(",")}],"customer":{"id":${customerId},"email":"john@example.com","phone":"555-625-1199"},"data_request":{"id":${requestId}}}`,
  shopRedact: (shop: string = SHOP) => `{"shop_id":954889,"shop_domain":"${shop}"}`,
  appUninstalled: (shop: string = SHOP) =>
    `{"id":548380009,"name":"Super Toys","myshopify_domain":"${shop}"}`,
};
