/**
 * Waitwell alone in a child process, started as `web/server/main.ts` starts it (config from the environment, worker
 * thread and jobs included), on a database the test already migrated: it skips `prisma migrate deploy`, seconds of
 * CPU per start on a busy machine. Prints one JSON line (`{ url }`) once it listens, then runs until killed.
 */
import { loadConfig } from "../../web/server/config.js";
import { startWaitwell } from "../../web/server/main.js";

const running = await startWaitwell(loadConfig(), { migrate: false });
process.stdout.write(JSON.stringify({ url: running.url }) + "\n");
const stop = () =>
  void running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
