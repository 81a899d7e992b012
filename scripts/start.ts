/**
 * `npm start`: the two-command start. With no environment it runs local mode: builds the admin if needed,
 * starts the dev store (seeded with the demo shop), starts Waitwell against it, installs the app on the demo shop
 * through the same token exchange a real install uses, and prints both URLs. With SHOPIFY_API_KEY/SECRET/APP_URL
 * set it only starts Waitwell, for a real store.
 */
import path from "node:path";
import { loadConfig, LOCAL_DEFAULTS, type Config } from "../web/server/config.js";
import { ConfigError } from "../web/server/errors.js";
import { startWaitwell } from "../web/server/main.js";
import { buildAdminIfStale } from "./build-admin.js";

const root = path.resolve(import.meta.dirname, "..");

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }

  await buildAdminIfStale(root);

  if (config.mode === "shopify") {
    const app = await startWaitwell(config);
    console.log(`Waitwell is listening on ${app.url} for ${config.shopify.appUrl}`);
    onShutdown(() => app.close());
    return;
  }

  const { startDevStore } = await import("../devstore/server.js");
  const devStore = await startDevStore({
    port: config.devStore!.port,
    host: "127.0.0.1",
    apps: [
      {
        apiKey: config.shopify.apiKey,
        apiSecret: config.shopify.apiSecret,
        appUrl: config.shopify.appUrl,
        appTomlPath: path.join(root, "shopify.app.toml"),
      },
    ],
    catalog: path.join(root, "devstore/catalogs/demo.json"),
  });
  const app = await startWaitwell(config);
  const shop = LOCAL_DEFAULTS.shop;
  await installOnDevStore(devStore.url, app.url, shop, config.shopify.apiKey);

  console.log(
    [
      "",
      "  Waitwell is running in local mode (SQLite + dev store).",
      `  Admin:      ${config.shopify.appUrl}/?shop=${shop}`,
      `  Dev store:  ${devStore.url}/_devstore/state?shop=${shop}`,
      `  Database:   ${config.databaseUrl}`,
      "",
      `  Place a demo order: npm run devstore -- order --url ${devStore.url}`,
      "",
    ].join("\n"),
  );
  onShutdown(async () => {
    await app.close();
    await devStore.close();
  });
}

/** Install exactly as the embedded admin would: a staff session token, then token exchange inside the app. */
async function installOnDevStore(devStoreUrl: string, appUrl: string, shop: string, apiKey: string): Promise<void> {
  const tokenRes = await fetch(`${devStoreUrl}/_devstore/session-token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ shop, apiKey }),
  });
  if (!tokenRes.ok) throw new Error(`dev store refused a session token: ${tokenRes.status} ${await tokenRes.text()}`);
  const { token } = (await tokenRes.json()) as { token: string };
  const res = await fetch(`${appUrl}/api/shop`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`installing on ${shop} failed: ${res.status} ${await res.text()}`);
}

function onShutdown(close: () => Promise<void>): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: shutting down`);
    close().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
