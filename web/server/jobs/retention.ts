import type { Logger } from "../use-cases/ports.js";
import type { PurgeReport } from "../use-cases/privacy/purge-expired-data.js";

export interface RetentionJob {
  /** Runs one purge now (also done once by start()). */
  runOnce(): Promise<PurgeReport | null>;
  start(): void;
  stop(): Promise<void>;
}

/** Runs the retention purge at start and then every `intervalMs` (default: hourly). Errors are logged, not thrown. */
export function createRetentionJob(deps: {
  purge: () => Promise<PurgeReport>;
  logger: Logger;
  intervalMs?: number;
}): RetentionJob {
  const intervalMs = deps.intervalMs ?? 3_600_000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<PurgeReport | null> | null = null;

  async function once(): Promise<PurgeReport | null> {
    try {
      const report = await deps.purge();
      if (report.inboxPayloadsPurged > 0 || report.exportsDeleted > 0) {
        deps.logger.info("retention purge", { ...report });
      }
      return report;
    } catch (err) {
      deps.logger.error("retention purge failed", { error: String(err) });
      return null;
    }
  }

  function runOnce(): Promise<PurgeReport | null> {
    running ??= once().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    runOnce,
    start() {
      if (timer) return;
      void runOnce();
      timer = setInterval(() => void runOnce(), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
