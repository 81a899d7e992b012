import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness } from "./harness.js";

function adminBuild(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "waitwell-admin-"));
  writeFileSync(
    path.join(dir, "index.html"),
    '<html><head><!--waitwell:app-bridge--><script type="module" src="/assets/main.js"></script></head></html>',
  );
  mkdirSync(path.join(dir, "assets"));
  writeFileSync(path.join(dir, "assets/main.js"), "console.log('admin')");
  return dir;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Stands in for the dev store's POST /_devstore/session-token. */
async function fakeDevStore(): Promise<{ origin: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      bodies.push(JSON.parse(raw));
      res
        .writeHead(201, { "Content-Type": "application/json" })
        .end(JSON.stringify({ token: "minted.by.devstore" }));
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

describe("the admin page", () => {
  it("in shopify mode, puts App Bridge and the API key in place of the marker; only Shopify may frame it", async () => {
    const h = createHarness({
      staticDir: adminBuild(),
      env: {
        SHOPIFY_API_KEY: "real-key",
        SHOPIFY_API_SECRET: "real-secret",
        SHOPIFY_APP_URL: "https://app.example.com",
      },
    });
    const res = await h.http().get("/?shop=shop-a.myshopify.com&host=abc&embedded=1");
    expect(res.status).toBe(200);
    expect(res.text).toContain('<meta name="shopify-api-key" content="real-key" />');
    expect(res.text).toContain('<script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script>');
    expect(res.text).not.toContain("<!--waitwell:app-bridge-->");
    expect(res.text.indexOf("app-bridge.js")).toBeLessThan(res.text.indexOf("/assets/main.js"));
    expect(res.headers["content-security-policy"]).toBe(
      "frame-ancestors https://shop-a.myshopify.com https://admin.shopify.com;",
    );
  });

  it("ignores a shop parameter that is not a shop domain", async () => {
    const h = createHarness({
      staticDir: adminBuild(),
      env: { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://app.example.com" },
    });
    const res = await h.http().get("/?shop=evil.example.com%20https://evil.example.com");
    expect(res.headers["content-security-policy"]).toBe("frame-ancestors https://admin.shopify.com;");
  });

  it("serves the built assets", async () => {
    const h = createHarness({ staticDir: adminBuild() });
    const res = await h.http().get("/assets/main.js");
    expect(res.status).toBe(200);
    expect(res.text).toBe("console.log('admin')");
  });

  it("in local mode, injects a stand-in whose tokens come from the dev store", async () => {
    const devStore = await fakeDevStore();
    const h = createHarness({ staticDir: adminBuild(), env: { SHOPIFY_ADMIN_ORIGIN: devStore.origin } });
    const page = await h.http().get("/?shop=waitwell-demo.myshopify.com");
    expect(page.text).toContain("window.shopify = {");
    expect(page.text).toContain('fetch("/local/session-token?shop="');
    const script = /<script>([\s\S]*?)<\/script>/.exec(page.text)?.[1] ?? "";
    expect(() => new Function(script)).not.toThrow();
    const res = await h.http().get("/local/session-token?shop=waitwell-demo.myshopify.com");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ token: "minted.by.devstore" });
    expect(devStore.bodies).toEqual([
      { shop: "waitwell-demo.myshopify.com", apiKey: h.config.shopify.apiKey },
    ]);
    expect((await h.http().get("/local/session-token?shop=nope")).status).toBe(400);
    for (const host of ["localhost:3000", "[::1]:3000", "127.0.0.1"]) {
      const ok = await h
        .http()
        .get("/local/session-token?shop=waitwell-demo.myshopify.com")
        .set("Host", host);
      expect(ok.status).toBe(200);
    }
  });

  it.each([
    "attacker.example",
    "attacker.example:3000",
    "localhost.attacker.example",
    "192.168.1.5:3000",
    "",
  ])("refuses a local session token to Host %j (DNS rebinding) with 403", async (host) => {
    const devStore = await fakeDevStore();
    const h = createHarness({ staticDir: adminBuild(), env: { SHOPIFY_ADMIN_ORIGIN: devStore.origin } });
    const res = await h.http().get("/local/session-token?shop=waitwell-demo.myshopify.com").set("Host", host);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("localhost");
    expect(devStore.bodies).toEqual([]);
  });

  it("has no local token route in shopify mode", async () => {
    const h = createHarness({
      staticDir: adminBuild(),
      env: { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://app.example.com" },
    });
    expect((await h.http().get("/local/session-token?shop=shop-a.myshopify.com")).status).toBe(404);
  });

  it("answers 404 JSON when the admin is not built", async () => {
    const h = createHarness({ staticDir: path.join(tmpdir(), "waitwell-missing-build") });
    const res = await h.http().get("/");
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain("npm run build");
  });
});
