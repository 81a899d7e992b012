import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { APP_PROXY_PATH } from "../../web/server/http/routes/app-proxy.routes.js";
import {
  OTHER_SHOP,
  SETTINGS,
  SHOP,
  createAvailabilityApp,
  vid,
  type AvailabilityApp,
} from "../support/availability.js";

/** Installs the shops and syncs variant 11 (out of stock, backorders open) so there is something to serve. */
async function served(options: { title?: string } = {}): Promise<AvailabilityApp> {
  const h = createAvailabilityApp();
  for (const shop of [SHOP, OTHER_SHOP]) {
    await h.repositories.shops.upsertInstalled({ domain: shop, name: null, scopes: null, at: h.clock.now() });
  }
  if (options.title) h.shopify.variant(SHOP, vid(12)).title = options.title;
  await h.services.rules.create(SHOP, {
    scope: { kind: "variant", variantId: vid(11) as never },
    priority: 0,
    settings: {
      ...SETTINGS,
      cap: 4,
      etaSource: { kind: "fixed", from: "2026-12-07", to: "2026-12-07" } as never,
    },
  });
  h.shopify.setStock(SHOP, vid(11), -1);
  await h.services.onVariantsChanged(SHOP, [vid(11)]);
  return h;
}

describe("app proxy: GET /apps/waitwell/availability", () => {
  it("is mounted where shopify.app.toml's [app_proxy] url points", () => {
    const toml = parseToml(
      readFileSync(path.resolve(import.meta.dirname, "../../shopify.app.toml"), "utf8"),
    ) as {
      application_url: string;
      app_proxy: { url: string; subpath: string; prefix: string };
    };
    expect(new URL(toml.app_proxy.url).pathname).toBe(APP_PROXY_PATH);
    expect(`/${toml.app_proxy.prefix}/${toml.app_proxy.subpath}`).toBe(APP_PROXY_PATH);
  });

  it("answers a signed request with the payload the metafield holds, cacheable for a minute", async () => {
    const h = await served();
    const res = await h.proxy({ variant: "11" });
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("public, max-age=60");
    expect(res.body).toEqual(JSON.parse(h.shopify.metafield(SHOP, vid(11))!));
    expect(res.body).toMatchObject({
      v: 1,
      state: "backorder",
      eta: { from: "2026-12-08", to: "2026-12-08", source: "fixed" },
      capacity: 3,
    });
    expect((await h.proxy({ variant: vid(11) })).status).toBe(200);
  });

  it.each<[string, (q: URLSearchParams) => void]>([
    ["no signature", (q) => q.delete("signature")],
    ["a forged signature", (q) => q.set("signature", "0".repeat(64))],
    ["a parameter changed after signing", (q) => q.set("shop", OTHER_SHOP)],
    ["a repeated shop", (q) => q.append("shop", OTHER_SHOP)],
  ])("401 for %s, never cached", async (_name, tamper) => {
    const h = await served();
    const res = await h.proxy({ variant: "11" }, { sign: tamper });
    expect(res.status).toBe(401);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.body).toEqual({
      error: { code: "unauthorized", message: "App proxy signature is missing or invalid" },
    });
  });

  it("401 for a signature older than 90 seconds", async () => {
    const h = await served();
    const old = String(Math.floor(h.clock.now().getTime() / 1000) - 91);
    expect((await h.proxy({ variant: "11", timestamp: old })).status).toBe(401);
  });

  it("serves only the signed shop's data: another shop's variant and an uninstalled shop are 404", async () => {
    const h = await served();
    expect((await h.proxy({ variant: "11" }, { shop: OTHER_SHOP })).status).toBe(404);
    await h.repositories.shops.markUninstalled(SHOP, h.clock.now());
    h.clock.advance(61_000);
    expect((await h.proxy({ variant: "11" })).status).toBe(404);
    expect((await h.proxy({ variant: "11" }, { shop: "nobody.myshopify.com" })).status).toBe(404);
  });

  it("400 names a bad variant parameter", async () => {
    const h = await served();
    const res = await h.proxy({ variant: "boots" });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^Invalid query: variant: /);
  });

  it("caches answers in process, and a sync that rewrites the variant replaces its entry at once", async () => {
    const h = await served();
    expect((await h.proxy({ variant: "11" })).body.capacity).toBe(3);
    // Storage changes behind the cache's back: the cached answer stands until it expires...
    await h.repository.saveVariantSyncs(SHOP, [
      { variantId: vid(11), productId: "gid://shopify/Product/1", availability: '{"v":1}' },
    ]);
    expect((await h.proxy({ variant: "11" })).body.capacity).toBe(3);
    // ...while a sync that writes the metafield invalidates it.
    h.shopify.setStock(SHOP, vid(11), -3);
    await h.services.onVariantsChanged(SHOP, [vid(11)]);
    expect((await h.proxy({ variant: "11" })).body.capacity).toBe(1);
  });

  it("answers Liquid on ?format=liquid, with merchant text unable to open a tag or close the script", async () => {
    const h = await served({
      title: "{{ shop.secret }} {% render 'x' %} </script><script>alert(1)</script>",
    });
    const res = await h.proxy({ variant: "11", format: "liquid" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/liquid/);
    const text = res.text;
    expect(text).not.toMatch(/\{\{|\{%/);
    expect(text.match(/<\/script>/g)).toHaveLength(1);
    expect(text).toContain('data-state="backorder"');
    expect(text).toContain('data-eta-from="2026-12-08"');
    const json = /<script type="application\/json" data-waitwell-availability="11">(.*)<\/script>/.exec(
      text,
    )?.[1];
    expect(JSON.parse(json!)).toEqual(JSON.parse(h.shopify.metafield(SHOP, vid(11))!));
    expect(JSON.parse(json!).substitutes[0].variantTitle).toBe(
      "{{ shop.secret }} {% render 'x' %} </script><script>alert(1)</script>",
    );
  });
});
