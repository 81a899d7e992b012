import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppConfigError, parseAppConfig, readAppConfig } from "./app-config.js";

const APP_URL = "http://localhost:3000/";

describe("parseAppConfig", () => {
  it("reads topics and compliance topics, prefixing relative uris with the app URL", () => {
    const config = parseAppConfig(
      {
        access_scopes: { scopes: "read_orders, write_orders" },
        webhooks: {
          api_version: "2026-07",
          subscriptions: [
            { topics: ["orders/create", "orders/updated"], uri: "/webhooks" },
            { compliance_topics: ["shop/redact"], uri: "https://privacy.example.com/hooks", name: "privacy" },
          ],
        },
      },
      APP_URL,
    );
    expect(config).toEqual({
      clientId: undefined,
      handle: undefined,
      applicationUrl: undefined,
      apiVersion: "2026-07",
      scopes: ["read_orders", "write_orders"],
      subscriptions: [
        { topics: ["orders/create", "orders/updated"], url: "http://localhost:3000/webhooks" },
        { topics: ["shop/redact"], url: "https://privacy.example.com/hooks", name: "privacy" },
      ],
      appProxy: null,
    });
  });

  it("reads the app proxy, moving the toml's application_url onto the app's URL as `shopify app dev` does", () => {
    const base = { webhooks: { api_version: "2026-07" }, application_url: "http://localhost:3000" };
    const proxy = (url: string) =>
      parseAppConfig(
        { ...base, app_proxy: { url, subpath: "waitwell", prefix: "apps" } },
        "http://127.0.0.1:4567",
      ).appProxy;
    expect(proxy("http://localhost:3000/apps/waitwell")).toEqual({
      path: "/apps/waitwell",
      url: "http://127.0.0.1:4567/apps/waitwell",
    });
    expect(proxy("/proxy")).toEqual({ path: "/apps/waitwell", url: "http://127.0.0.1:4567/proxy" });
    expect(proxy("https://proxy.example.com/x")).toEqual({
      path: "/apps/waitwell",
      url: "https://proxy.example.com/x",
    });
    expect(() =>
      parseAppConfig(
        { ...base, app_proxy: { url: "/p", subpath: "w", prefix: "shop" } },
        "http://127.0.0.1:4567",
      ),
    ).toThrow(/app_proxy.prefix/);
  });

  it.each([
    ["no [webhooks] section", {}, /webhooks/],
    ["a malformed api_version", { webhooks: { api_version: "July" } }, /api_version/],
    [
      "a subscription without topics",
      { webhooks: { api_version: "2026-07", subscriptions: [{ uri: "/w" }] } },
      /topics/,
    ],
    [
      "an unknown compliance topic",
      { webhooks: { api_version: "2026-07", subscriptions: [{ compliance_topics: ["x"], uri: "/w" }] } },
      /compliance_topics/,
    ],
    [
      "a Pub/Sub uri",
      {
        webhooks: {
          api_version: "2026-07",
          subscriptions: [{ topics: ["orders/create"], uri: "pubsub://p:t" }],
        },
      },
      /HTTP\(S\) only/,
    ],
    [
      "include_fields, which the dev store would silently ignore",
      {
        webhooks: {
          api_version: "2026-07",
          subscriptions: [{ topics: ["orders/create"], uri: "/w", include_fields: ["id"] }],
        },
      },
      /not supported/,
    ],
  ])("refuses %s", (_name, raw, message) => {
    expect(() => parseAppConfig(raw, APP_URL)).toThrow(AppConfigError);
    expect(() => parseAppConfig(raw, APP_URL)).toThrow(message);
  });

  it("reads Waitwell's own shopify.app.toml", async () => {
    const config = await readAppConfig(
      path.resolve(import.meta.dirname, "../../shopify.app.toml"),
      "http://localhost:3000",
    );
    expect(config.apiVersion).toBe("2026-07");
    const topics = config.subscriptions.flatMap((s) => s.topics);
    expect(topics).toEqual(
      expect.arrayContaining(["orders/create", "app/uninstalled", "shop/redact", "customers/redact"]),
    );
    expect(config.scopes).toContain("write_orders");
    expect(config).toMatchObject({
      clientId: "waitwell-local-api-key",
      applicationUrl: "http://localhost:3000",
    });
  });
});
