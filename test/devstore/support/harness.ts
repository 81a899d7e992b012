import path from "node:path";
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { startDevStore, type RunningDevStore, type StartDevStoreOptions } from "../../../devstore/server.js";
import type { Catalog } from "../../../devstore/model/types.js";
import { startReceiver, type ReceivedWebhook, type Responder } from "./receiver.js";

/**
 * A dev store on a random port with one app whose webhooks land in a tiny receiver, configured from Waitwell's own
 * shopify.app.toml. Scenario tests drive it only over HTTP, like the app and a tester would.
 */

export const API_KEY = "scenario-api-key";
export const API_SECRET = "scenario-api-secret";
export const SHOP = "scenario.myshopify.com";
export const API_VERSION = "2026-07";
export const START = new Date("2026-03-02T09:00:00.000Z");

export const CATALOG: Catalog = {
  shop: { domain: SHOP, name: "Scenario Goods", email: "owner@scenario.example" },
  locations: [{ name: "Warehouse" }],
  products: [
    {
      title: "Denim Jacket",
      variants: [
        { title: "M", sku: "DENIM-M", price: "89.00", inventoryPolicy: "DENY", stock: { Warehouse: 2 } },
      ],
    },
    {
      title: "Wool Scarf",
      variants: [
        {
          title: "Default Title",
          sku: "SCARF",
          price: "25.00",
          inventoryPolicy: "CONTINUE",
          stock: { Warehouse: 0 },
        },
      ],
    },
  ],
};

const shopify = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  apiVersion: ApiVersion.January25,
  isEmbeddedApp: true,
  hostName: "localhost:3000",
  logger: { level: LogSeverity.Error, log: async () => {} },
});

export async function startHarness(
  opts: { respond?: Responder; devstore?: Partial<StartDevStoreOptions> } = {},
) {
  const receiver = await startReceiver(opts.respond);
  const devstore: RunningDevStore = await startDevStore({
    apps: [
      {
        apiKey: API_KEY,
        apiSecret: API_SECRET,
        appUrl: receiver.url,
        appTomlPath: path.resolve(import.meta.dirname, "../../../shopify.app.toml"),
      },
    ],
    catalog: CATALOG,
    seed: 7,
    clock: () => START,
    webhooks: { backoffScale: 0.00001 },
    log: () => {},
    ...opts.devstore,
  });

  async function control<T = Record<string, unknown>>(method: "GET" | "POST", route: string, body?: unknown) {
    const res = await fetch(`${devstore.url}/_devstore${route}`, {
      method,
      headers: { "Content-Type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  async function sessionToken(): Promise<string> {
    const res = await control<{ token: string }>("POST", "/session-token", { shop: SHOP, apiKey: API_KEY });
    if (res.status !== 201) throw new Error(`session token: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  async function tokenExchange(subjectToken: string, secret = API_SECRET) {
    const res = await fetch(`${devstore.url}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        client_id: API_KEY,
        client_secret: secret,
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: subjectToken,
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  }

  /** Installs the app the way the embedded admin does and returns the offline access token. */
  async function install(): Promise<string> {
    const res = await tokenExchange(await sessionToken());
    if (res.status !== 200) throw new Error(`token exchange: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.access_token!;
  }

  async function graphql(token: string | null, query: string, variables: Record<string, unknown> = {}) {
    const res = await fetch(`${devstore.url}/admin/api/${API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(token ? { "X-Shopify-Access-Token": token } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: (await res.json()) as any };
  }

  /** Variant GIDs come from the control API's state, as a tester would read them. */
  async function variantIdBySku(sku: string): Promise<string> {
    const state = await control<{ products: { variants: { id: string; sku: string | null }[] }[] }>(
      "GET",
      `/state?shop=${SHOP}`,
    );
    const id = state.body.products.flatMap((p) => p.variants).find((v) => v.sku === sku)?.id;
    if (!id) throw new Error(`no variant with sku ${sku}: ${JSON.stringify(state.body)}`);
    return id;
  }

  return {
    devstore,
    receiver,
    control,
    sessionToken,
    tokenExchange,
    install,
    graphql,
    variantIdBySku,
    async close() {
      await devstore.close();
      await receiver.close();
    },
  };
}

/** Verifies a received webhook exactly as a Shopify app built on @shopify/shopify-api would. */
export async function validateWebhook(hook: ReceivedWebhook) {
  return shopify.webhooks.validate({
    rawBody: hook.rawBody.toString("utf8"),
    rawRequest: { method: "POST", url: hook.path, headers: hook.headers },
    rawResponse: {},
  });
}

export function topicsOf(hooks: ReceivedWebhook[]): string[] {
  return hooks.map((h) => String(h.headers["x-shopify-topic"]));
}
