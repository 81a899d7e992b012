/**
 * `npm start`: the two-command start. With no environment it runs local mode: builds the admin if needed, starts
 * the dev store in a child process (seeded with the demo shop), starts Waitwell against it, installs the app on the
 * demo shop through the same token exchange a real install uses, and prints both URLs. With SHOPIFY_API_KEY/SECRET/APP_URL set it
 * only starts Waitwell, for a real store.
 */
import { loadConfig, type Config } from "../web/server/config.js";
import { ConfigError } from "../web/server/errors.js";
import { startWaitwell } from "../web/server/main.js";
import { buildAdminIfStale } from "./build-admin.js";
import { seedDemoBackorders } from "./demo-backorders.js";
import { projectRoot, startSplitLocalStack } from "./local-stack.js";

async function main(): Promise<void> {
  // The local start chooses local mode when no Shopify credentials are given (`npm start` with no environment);
  // config.ts refuses it where it would be unsafe (a non-loopback HOST, a remote database, NODE_ENV=production).
  const credentials = ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"];
  if (!process.env.WAITWELL_MODE && credentials.every((k) => !process.env[k])) {
    process.env.WAITWELL_MODE = "local";
  }
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
  await buildAdminIfStale(projectRoot);

  if (config.mode === "shopify") {
    const app = await startWaitwell(config);
    console.log(`Waitwell is listening on ${app.url} for ${config.shopify.appUrl}`);
    onShutdown(() => app.close());
    return;
  }

  // The dev store runs in a child process (its output prefixed with [dev store]), stopped with this one.
  const stack = await startSplitLocalStack({ env: process.env });
  console.log(
    [
      "",
      "  Waitwell is running in local mode (SQLite + dev store, no Shopify account needed).",
      `  Admin:      ${stack.config.shopify.appUrl}/?shop=${stack.shop}`,
      `  Storefront: ${stack.devStore.url}/collections/all  (product pages, cart and checkout with Waitwell's extensions)`,
      `  Dev store:  ${stack.devStore.url}  (state: ${stack.devStore.url}/_devstore/state?shop=${stack.shop})`,
      stack.config.mail.smtpUrl === stack.devStore.smtpUrl
        ? `  Mailbox:    ${stack.devStore.url}/_devstore/mailbox  (every email the app sends; SMTP ${stack.devStore.smtpUrl})`
        : `  Mailbox:    not used: email goes to SMTP_URL from the environment`,
      `  Database:   ${stack.config.databaseUrl}`,
      "",
      `  Place a demo order:  npm run devstore -- order --url ${stack.devStore.url}`,
      "",
    ].join("\n"),
  );
  seedDemoBackorders(stack).then(
    (done) => done.length > 0 && console.log(`  Demo: ${done.join("; ")}.\n`),
    (e: unknown) => console.error("seeding the demo backorders failed:", e),
  );
  // The checkout's extension bundle is built in the background, so the first checkout does not wait for it.
  stack.devStore
    .warmUpStorefront()
    .catch((e: unknown) => console.error("building the checkout extensions failed:", e));
  onShutdown(() => stack.close());
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
  console.error(e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
