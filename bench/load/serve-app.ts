/**
 * A child process of the load benchmark: the whole local stack (dev store + Waitwell, worker running) as `npm start`
 * runs it, on the ports and database given in the environment (or, with BENCH_DEVSTORE_URL, Waitwell alone against a
 * dev store in another process). Prints one JSON line (`{ app, devStore, shop }`) once
 * it listens, then runs until killed. `--cpu-prof` on the node command line profiles it.
 */
import { freePort, startLocalStack } from "../../scripts/local-stack.js";

const stack = await startLocalStack({
  env: {
    ...process.env,
    PORT: process.env.PORT || String(await freePort()),
    DEVSTORE_PORT: process.env.DEVSTORE_PORT || String(await freePort()),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
  },
  devStore: { log: () => {} },
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
