import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setMetafields } from "../model/metafields.js";
import { startDevStore, type RunningDevStore } from "../server.js";

/**
 * The online store over HTTP: Liquid pages with the app's theme extension, the Ajax cart, checkout state for the
 * extensions, orders through the store, and the app proxy against a stand-in app whose signature check is
 * @shopify/shopify-api's own.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const SHOP = "waitwell-demo.myshopify.com";
const API_KEY = "waitwell-local-api-key";
const SECRET = "storefront-test-secret";
const US9 = "gid://shopify/ProductVariant/4000000002";
const US10 = "gid://shopify/ProductVariant/4000000003";

const availability = (state: string, eta: null | { from: string; to: string }) =>
  JSON.stringify({ v: 1, state, eta: eta && { ...eta, source: "incoming" }, capacity: 2, substitutes: [] });

let devstore: RunningDevStore;
let appServer: Server;
const received: { method: string; path: string; query: Record<string, string | string[]>; body: string }[] =
  [];

beforeAll(async () => {
  // The stand-in app behind the proxy: answers by path, records what Shopify (here: the dev store) sent.
  const app = express();
  app.use(express.text({ type: () => true }));
  app.all("/apps/waitwell/{*rest}", (req, res) => {
    received.push({
      method: req.method,
      path: req.path,
      query: req.query as Record<string, string | string[]>,
      body: typeof req.body === "string" ? req.body : "",
    });
    if (req.path.endsWith("/page"))
      res.type("application/liquid").send("<h2 data-proxied>{{ shop.name }} · {{ 1500 | money }}</h2>");
    else res.setHeader("Set-Cookie", "app=1").json({ ok: true });
  });
  appServer = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const appUrl = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;
  devstore = await startDevStore({
    apps: [{ apiKey: API_KEY, apiSecret: SECRET, appUrl, appTomlPath: path.join(ROOT, "shopify.app.toml") }],
    catalog: path.join(ROOT, "devstore/catalogs/demo.json"),
    log: () => {},
  });
  devstore.store.installApp(SHOP, { apiKey: API_KEY, scopes: [] });
  const appId = devstore.store.app(API_KEY).id;
  const written = devstore.store.transact(SHOP, (s) =>
    setMetafields(
      s,
      [
        {
          ownerId: US9,
          key: "availability",
          type: "json",
          value: availability("backorder", { from: "2026-12-12", to: "2026-12-12" }),
        },
        { ownerId: US10, key: "availability", type: "json", value: availability("backorder", null) },
      ],
      appId,
    ),
  );
  expect(written.ok).toBe(true);
});

afterAll(async () => {
  await devstore?.close();
  await new Promise((resolve) => appServer?.close(resolve));
});

describe("pages", () => {
  it("renders the product page with the app block and embed resolving `$app` to the app's namespace", async () => {
    const res = await request(devstore.url).get("/products/trailblazer-hiking-boot?variant=4000000002");
    expect(res.status).toBe(200);
    expect(res.text).toContain('<span class="waitwell-badge" data-waitwell-badge>Backorder</span>');
    expect(res.text).toContain("Ships around 12 Dec");
    expect(res.text).toContain("Only 2 left to pre-order");
    expect(res.text).toMatch(/data-waitwell-embed data-selected-variant="4000000002"/);
    expect(res.text).toContain('<script src="/cdn/shop/extensions/theme-waitwell/assets/waitwell.js" defer>');
    expect(res.text).toContain(
      '<link rel="stylesheet" href="/cdn/shop/extensions/theme-waitwell/assets/waitwell.css">',
    );
    const asset = await request(devstore.url).get("/cdn/shop/extensions/theme-waitwell/assets/waitwell.js");
    expect(asset.status).toBe(200);
    expect(
      (
        await request(devstore.url).get(
          "/cdn/shop/extensions/theme-waitwell/assets/..%2Fshopify.extension.toml",
        )
      ).status,
    ).toBe(404);
  });

  it("renders the collection's cards with the app's badge snippet, and 404 pages for unknown handles", async () => {
    const res = await request(devstore.url).get("/collections/all");
    expect(res.status).toBe(200);
    // The card's variant is the first available one (US 8, no metafield): no badge for it.
    expect(res.text).toContain("Trailblazer Hiking Boot");
    expect((await request(devstore.url).get("/products/no-such-thing")).status).toBe(404);
    expect((await request(devstore.url).get("/collections/summer")).status).toBe(404);
  });
});

describe("languages", () => {
  it("serves /fr/… with the extension's French strings, and checkout in the cart's language", async () => {
    const res = await request(devstore.url).get("/fr/products/trailblazer-hiking-boot?variant=4000000002");
    expect(res.status).toBe(200);
    expect(res.text).toContain("Expédition vers le 12 déc.");
    expect(res.text).toContain('action="/fr/cart/add"');
    expect(res.text).toContain('<html lang="fr">');

    const agent = request.agent(devstore.url);
    const added = await agent.post("/fr/cart/add").type("form").send("id=4000000002&quantity=1");
    expect(added.headers.location).toBe("/fr/cart");
    const state = await agent
      .post("/checkout/apply")
      .send({ method: "applyNoteChange", change: { type: "removeNote" } });
    expect(state.body.state.locale).toBe("fr");
    expect(state.body.state.extensions[0].translations.acknowledgement.label).toMatch(/^J/);
    const placed = await agent.post("/fr/checkout").type("form").send("email=marie%40example.com");
    expect(placed.headers.location).toMatch(/^\/fr\/checkouts\/thank-you\//);
    expect(devstore.store.state(SHOP).orderList.at(-1)).toMatchObject({ customerLocale: "fr" });
  });
});

describe("cart and checkout", () => {
  it("adds with properties, refuses a sold-out DENY variant, updates attributes, and places an order with them", async () => {
    const agent = request.agent(devstore.url);
    const added = await agent
      .post("/cart/add.js")
      .send({ id: 4000000002, quantity: 2, properties: { Shipping: "Ships around 12 Dec", Empty: "" } });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({
      variant_id: 4000000002,
      quantity: 2,
      properties: { Shipping: "Ships around 12 Dec" },
    });

    // Summit Down Jacket L: DENY, none in stock.
    const refused = await agent.post("/cart/add.js").send({ id: 4000000007, quantity: 1 });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ status: 422, message: "Cart Error" });
    expect((await agent.post("/cart/add.js").send({ id: 1, quantity: 1 })).status).toBe(404);
    // Several items: all or none.
    const both = await agent.post("/cart/add.js").send({
      items: [
        { id: 4000000001, quantity: 1 },
        { id: 4000000007, quantity: 1 },
      ],
    });
    expect(both.status).toBe(422);
    expect((await agent.get("/cart.js")).body.item_count).toBe(2);

    const form = await agent
      .post("/cart/add")
      .type("form")
      .send("id=4000000003&quantity=1&properties%5BShipping%5D=Later");
    expect(form.status).toBe(303);
    const key = String((await agent.get("/cart.js")).body.items[1].key);
    const updated = await agent
      .post("/cart/update.js")
      .send({ attributes: { gift: "yes" }, updates: { [key]: 3 } });
    expect(updated.body).toMatchObject({ attributes: { gift: "yes" }, item_count: 5 });

    const state = await agent.post("/checkout/apply").send({
      method: "applyAttributeChange",
      change: { type: "updateAttribute", key: "_waitwell_backorder_ack", value: "2026-12-07T10:00:00Z" },
    });
    expect(state.body.result).toEqual({ type: "success" });
    const extension = state.body.state.extensions[0];
    expect(extension.settings).toEqual({ require_acknowledgement: true, hide_substitutes: false });
    expect(extension.appMetafields).toEqual([
      expect.objectContaining({
        target: { type: "variant", id: US9 },
        metafield: expect.objectContaining({ namespace: "$app", key: "availability" }),
      }),
      expect.objectContaining({ target: { type: "variant", id: US10 } }),
    ]);
    const line = state.body.state.lines[1];
    const swapped = await agent.post("/checkout/apply").send({
      method: "applyCartLinesChange",
      change: {
        type: "updateCartLine",
        id: line.id,
        merchandiseId: "gid://shopify/ProductVariant/4000000004",
        attributes: [],
      },
    });
    expect(swapped.body.result).toEqual({ type: "success" });
    expect(swapped.body.state.lines[1]).toMatchObject({ merchandise: { subtitle: "US 11" }, attributes: [] });
    const stale = await agent.post("/checkout/apply").send({
      method: "applyCartLinesChange",
      change: { type: "removeCartLine", id: line.id, quantity: 1 },
    });
    expect(stale.body.result).toMatchObject({ type: "error" });

    const refusedEmail = await agent.post("/checkout").type("form").send("email=nope");
    expect(refusedEmail.status).toBe(400);
    const placed = await agent.post("/checkout").type("form").send("email=ada%40example.com");
    expect(placed.status).toBe(303);
    expect(placed.headers.location).toMatch(/^\/checkouts\/thank-you\/[0-9a-f]+$/);
    const order = devstore.store.state(SHOP).orderList.at(-1)!;
    expect(order).toMatchObject({
      email: "ada@example.com",
      channel: "online_store",
      noteAttributes: [
        { name: "gift", value: "yes" },
        { name: "_waitwell_backorder_ack", value: "2026-12-07T10:00:00Z" },
      ],
    });
    expect(
      devstore.store
        .state(SHOP)
        .lineItemsOf(order)
        .map((l) => [l.variantTitle, l.quantity, l.properties]),
    ).toEqual([
      ["US 9", 2, [{ name: "Shipping", value: "Ships around 12 Dec" }]],
      ["US 11", 3, []],
    ]);
    expect((await agent.get("/cart.js")).body.item_count).toBe(0);
    const thanks = await agent.get(placed.headers.location!);
    expect(thanks.status).toBe(200);
    expect(thanks.text).toContain(order.name);
  });
});

describe("app proxy", () => {
  const lib = shopifyApi({
    apiKey: API_KEY,
    apiSecretKey: SECRET,
    apiVersion: ApiVersion.July26,
    hostName: "localhost",
    isEmbeddedApp: true,
    logger: { level: 0 },
  });

  it("forwards with Shopify's parameters and signature, replacing the shopper's, and passes JSON through", async () => {
    received.length = 0;
    const res = await request(devstore.url).get(
      "/apps/waitwell/data/x?extra=1&extra=2&shop=evil.myshopify.com&signature=abc",
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    expect(res.headers["set-cookie"]).toBeUndefined();
    const got = received[0]!;
    expect(got.path).toBe("/apps/waitwell/data/x");
    expect(got.query).toMatchObject({
      extra: ["1", "2"],
      shop: SHOP,
      logged_in_customer_id: "",
      path_prefix: "/apps/waitwell",
    });
    expect(Math.abs(Number(got.query.timestamp) - Date.now() / 1000)).toBeLessThan(5);
    await expect(
      lib.utils.validateHmac(got.query as Record<string, string>, { signator: "appProxy" }),
    ).resolves.toBe(true);
    const tampered = { ...got.query, path_prefix: "/apps/other" } as Record<string, string>;
    await expect(lib.utils.validateHmac(tampered, { signator: "appProxy" })).resolves.toBe(false);
  });

  it("forwards a POST body, and renders an application/liquid answer inside the theme layout", async () => {
    received.length = 0;
    const posted = await request(devstore.url).post("/apps/waitwell/form").type("form").send("choice=cancel");
    expect(posted.status).toBe(200);
    expect(received[0]).toMatchObject({ method: "POST", body: "choice=cancel" });

    const page = await request(devstore.url).get("/apps/waitwell/page");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.text).toContain('<header class="site-header">');
    expect(page.text).toContain("<h2 data-proxied>Waitwell Demo Outfitters · $15.00</h2>");
    expect((await request(devstore.url).get("/apps/other/page")).status).toBe(404);
  });
});
