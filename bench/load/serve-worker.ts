/**
 * A child process of the load benchmark: a Waitwell worker (`WAITWELL_ROLE=worker`: inbox, Shopify writes, scheduled
 * jobs; no HTTP) on the database and dev store given in the environment (DATABASE_URL, DEVSTORE_PORT), beside an app
 * process that already migrated and installed. Prints `{ role }` once started, then runs until killed.
 */
import { loadConfig } from "../../web/server/config.js";
import { startWaitwell } from "../../web/server/main.js";

const config = loadConfig({
  ...process.env,
  WAITWELL_MODE: "local",
  WAITWELL_ROLE: "worker",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
});
const running = await startWaitwell(config, { migrate: false });
process.stdout.write(JSON.stringify({ role: "worker", queue: running.queue.kind }) + "\n");
const stop = () =>
  void running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
