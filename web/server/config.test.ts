import { describe, expect, it } from "vitest";
import { ConfigError } from "./errors.js";
import { loadConfig, LOCAL_DEFAULTS } from "./config.js";

const real = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://waitwell.example.com/",
};

describe("loadConfig", () => {
  it("runs in local mode against the dev store with no environment at all", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      mode: "local",
      port: 3000,
      database: "sqlite",
      databaseUrl: LOCAL_DEFAULTS.databaseUrl,
      devStore: { port: 3001 },
      shopify: {
        apiKey: LOCAL_DEFAULTS.apiKey,
        adminOrigin: "http://127.0.0.1:3001",
        appUrl: "http://localhost:3000",
      },
      inbox: { worker: true },
    });
  });

  it.each([
    ["all three credentials → shopify mode, https://{shop}", real, { mode: "shopify", devStore: null }],
    [
      "trailing slash trimmed from the app URL",
      real,
      { shopify: { appUrl: "https://waitwell.example.com" } },
    ],
    ["postgres URL → PostgreSQL", { DATABASE_URL: "postgresql://u@h:5432/db" }, { database: "postgresql" }],
    ["empty strings count as unset", { PORT: "", LOG_LEVEL: "" }, { port: 3000, logLevel: "info" }],
    ["PORT moves the dev store beside it", { PORT: "4000" }, { devStore: { port: 4001 } }],
    [
      "scopes split",
      { SCOPES: "read_orders,write_orders" },
      { shopify: { scopes: ["read_orders", "write_orders"] } },
    ],
    ["web-only process", { INBOX_WORKER: "off" }, { inbox: { worker: false } }],
  ])("%s", (_name, env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
    if ("SHOPIFY_API_KEY" in env) expect(loadConfig(env).shopify.adminOrigin).toBeNull();
  });

  it.each([
    ["half the credentials", { SHOPIFY_API_KEY: "k" }, ["SHOPIFY_API_SECRET, SHOPIFY_APP_URL: required"]],
    ["bad port and bad log level, both listed", { PORT: "70000", LOG_LEVEL: "loud" }, ["PORT", "LOG_LEVEL"]],
    [
      "a database URL of neither kind",
      { DATABASE_URL: "mysql://x" },
      ["DATABASE_URL: must start with file:"],
    ],
    [
      "a dev store port with real credentials",
      { ...real, DEVSTORE_PORT: "9" },
      ["DEVSTORE_PORT: only used in local mode"],
    ],
    ["scopes with spaces", { SCOPES: "read_orders, write_orders" }, ["SCOPES"]],
  ])("refuses %s with one message naming every problem", (_name, env, fragments) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(fragments.length);
    for (const f of fragments) expect(message).toContain(f);
  });
});
