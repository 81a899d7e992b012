/**
 * A parent of the dev store's process for test/devstore-process.test.ts: starts it as `npm start` does, prints
 * `{ pid, url }` (the child's), then idles until killed.
 */
import path from "node:path";
import { startDevStoreProcess } from "../../scripts/devstore-process.js";
import { projectRoot } from "../../scripts/local-stack.js";

const store = await startDevStoreProcess({
  apps: [
    {
      apiKey: "parent-test-key",
      apiSecret: "parent-test-secret",
      appUrl: "http://127.0.0.1:9",
      appTomlPath: path.join(projectRoot, "shopify.app.toml"),
    },
  ],
  storefront: false,
  mail: false,
  quiet: true,
});
process.stdout.write(JSON.stringify({ pid: store.pid, url: store.url }) + "\n");
setInterval(() => {}, 60_000);
