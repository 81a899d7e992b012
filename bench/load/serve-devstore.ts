/**
 * A child process of the load benchmark: the dev store on its own event loop, as a real Shopify is to the app.
 * Environment: DEVSTORE_PORT, APP_URL (where the app will listen: webhook subscriptions point there),
 * RATE_LIMIT (on|off). Prints `{ url }` once it listens.
 */
import path from "node:path";
import { startDevStore } from "../../devstore/server.js";

const root = path.resolve(import.meta.dirname, "../..");
const store = await startDevStore({
  port: Number(process.env.DEVSTORE_PORT ?? 0),
  host: "127.0.0.1",
  apps: [
    {
      apiKey: "waitwell-local-api-key",
      apiSecret: "waitwell-local-api-secret",
      appUrl: process.env.APP_URL ?? "http://localhost:3000",
      appTomlPath: path.join(root, "shopify.app.toml"),
    },
  ],
  catalog: path.join(root, "devstore/catalogs/demo.json"),
  seed: 1,
  ...(process.env.RATE_LIMIT === "off" ? { rateLimit: { enabled: false } } : {}),
  log: () => {},
});
process.stdout.write(JSON.stringify({ url: store.url }) + "\n");
process.on("SIGTERM", () => void store.close().then(() => process.exit(0)));
