/**
 * A child process of the load benchmark: the local stack as `npm start` runs it (Waitwell with its worker, the dev
 * store in a child process of its own: scripts/local-stack.ts startSplitLocalStack), on the ports and database given
 * in the environment; or, with BENCH_DEVSTORE_URL, Waitwell alone against a dev store the benchmark started. Prints
 * one JSON line (`{ app, devStore, shop }`) once it listens, then runs until killed. `--cpu-prof` on the node
 * command line profiles this process (not the dev store's).
 */
import { freePort, startSplitLocalStack } from "../../scripts/local-stack.js";

const stack = await startSplitLocalStack({
  env: {
    ...process.env,
    PORT: process.env.PORT || String(await freePort()),
    DEVSTORE_PORT: process.env.DEVSTORE_PORT || String(await freePort()),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
  },
  devStore: { quiet: true },
  ...(process.env.BENCH_DEVSTORE_URL ? { externalDevStoreUrl: process.env.BENCH_DEVSTORE_URL } : {}),
});
process.stdout.write(
  JSON.stringify({ app: stack.app.url, devStore: stack.devStore.url, shop: stack.shop }) + "\n",
);
const stop = () =>
  void stack.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
