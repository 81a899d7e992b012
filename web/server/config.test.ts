import { describe, expect, it } from "vitest";
import { ConfigError } from "./errors.js";
import { loadConfig, LOCAL_DEFAULTS } from "./config.js";

const local = { WAITWELL_MODE: "local" };
const real = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://waitwell.example.com/",
};

describe("loadConfig", () => {
  it("keeps inbox payloads and data exports 30 days by default; INBOX_/EXPORT_RETENTION_DAYS override", () => {
    expect(loadConfig({ WAITWELL_MODE: "local" }).retention).toEqual({ inboxDays: 30, exportDays: 30 });
    expect(
      loadConfig({ WAITWELL_MODE: "local", INBOX_RETENTION_DAYS: "7", EXPORT_RETENTION_DAYS: "90" })
        .retention,
    ).toEqual({ inboxDays: 7, exportDays: 90 });
    expect(() => loadConfig({ WAITWELL_MODE: "local", INBOX_RETENTION_DAYS: "0" })).toThrow(
      /INBOX_RETENTION_DAYS/,
    );
  });

  it("runs the worker thread at the web thread's priority unless WAITWELL_WORKER_NICE (0 to 19) lowers it", () => {
    expect(loadConfig(local).inbox.threadNice).toBe(0);
    expect(loadConfig({ ...local, WAITWELL_WORKER_NICE: "10" }).inbox.threadNice).toBe(10);
    for (const bad of ["20", "-1", "1.5", "high"]) {
      expect(() => loadConfig({ ...local, WAITWELL_WORKER_NICE: bad })).toThrow(/WAITWELL_WORKER_NICE/);
    }
  });

  it("runs in local mode against the dev store when local mode is chosen (npm start does)", () => {
    const c = loadConfig({ WAITWELL_MODE: "local" });
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
    [
      "postgres URL → PostgreSQL",
      { ...real, DATABASE_URL: "postgresql://u@h:5432/db" },
      { database: "postgresql" },
    ],
    [
      "local mode on a loopback PostgreSQL (the test stacks)",
      { ...local, DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/x" },
      { mode: "local", database: "postgresql" },
    ],
    ["local mode on ::1", { ...local, HOST: "::1" }, { mode: "local", host: "::1" }],
    ["empty strings count as unset", { ...local, PORT: "", LOG_LEVEL: "" }, { port: 3000, logLevel: "info" }],
    ["PORT moves the dev store beside it", { ...local, PORT: "4000" }, { devStore: { port: 4001 } }],
    [
      "scopes split",
      { ...real, SCOPES: "read_orders,write_orders" },
      { shopify: { scopes: ["read_orders", "write_orders"] } },
    ],
    ["web-only process", { ...real, INBOX_WORKER: "off" }, { inbox: { worker: false } }],
  ])("%s", (_name, env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
    if ("SHOPIFY_API_KEY" in env) expect(loadConfig(env).shopify.adminOrigin).toBeNull();
  });

  it.each([
    ["half the credentials", { SHOPIFY_API_KEY: "k" }, ["SHOPIFY_API_SECRET, SHOPIFY_APP_URL: required"]],
    [
      "bad port and bad log level, both listed",
      { ...local, PORT: "70000", LOG_LEVEL: "loud" },
      ["PORT", "LOG_LEVEL"],
    ],
    [
      "no Shopify credentials and no local mode (local mode is never a fallback)",
      {},
      [
        "SHOPIFY_API_KEY, SHOPIFY_API_SECRET, SHOPIFY_APP_URL: required to run against Shopify. For the local dev store run `npm start`",
      ],
    ],
    [
      "misspelt credentials (no fallback to the public local secret)",
      { SHOPIFY_APIKEY: "k", SHOPIFY_SECRET: "s", SHOPIFY_URL: "https://x.example" },
      ["SHOPIFY_API_KEY, SHOPIFY_API_SECRET, SHOPIFY_APP_URL: required"],
    ],
    [
      "local mode listening on every interface",
      { ...local, HOST: "0.0.0.0" },
      ["WAITWELL_MODE=local refused: HOST=0.0.0.0 is not a loopback address"],
    ],
    [
      "local mode on a remote PostgreSQL",
      { ...local, DATABASE_URL: "postgresql://u@db.internal:5432/waitwell" },
      ["WAITWELL_MODE=local refused: DATABASE_URL is not on this machine"],
    ],
    [
      "local mode in production",
      { ...local, NODE_ENV: "production" },
      ["WAITWELL_MODE=local refused: NODE_ENV=production"],
    ],
    [
      "local mode with Shopify credentials",
      { ...local, ...real },
      ["WAITWELL_MODE=local refused: SHOPIFY_API_KEY, SHOPIFY_API_SECRET, SHOPIFY_APP_URL set"],
    ],
    [
      "every local-mode refusal at once",
      { ...local, HOST: "10.0.0.5", NODE_ENV: "production", DATABASE_URL: "postgres://u@10.0.0.6/db" },
      ["HOST=10.0.0.5", "NODE_ENV=production", "DATABASE_URL"],
    ],
    [
      "a database URL of neither kind",
      { ...local, DATABASE_URL: "mysql://x" },
      ["DATABASE_URL: must start with file:"],
    ],
    [
      "a dev store port with real credentials",
      { ...real, DEVSTORE_PORT: "9" },
      ["DEVSTORE_PORT: only used in local mode"],
    ],
    ["scopes with spaces", { ...real, SCOPES: "read_orders, write_orders" }, ["SCOPES"]],
    [
      "the dev store on the app's port",
      { ...local, PORT: "4100", DEVSTORE_PORT: "4100" },
      ["DEVSTORE_PORT: 4100 is also PORT"],
    ],
    [
      "the last port, which leaves none for the dev store (PORT + 1)",
      { ...local, PORT: "65535" },
      ["DEVSTORE_PORT: PORT + 1 = 65536 is not a port"],
    ],
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
