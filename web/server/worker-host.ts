/**
 * Runs the inbox worker and the scheduled jobs in a worker thread of this process (the `both` role on one machine):
 * the thread has its own event loop and database connection, so a busy engine cannot delay a webhook's
 * acknowledgement. The returned object is the InboxWorker the HTTP app nudges. If the thread dies it is started
 * again after a second (its leased rows are taken again once their lease runs out), and the shop-lock slots it held
 * are freed.
 */
import { Worker } from "node:worker_threads";
import type { Config } from "./config.js";
import type { InboxWorker } from "./jobs/inbox-worker.js";
import type { Logger } from "./use-cases/ports.js";
import { releaseThread } from "./adapters/thread-shop-lock.js";
import type { HostMessage, ThreadMessage } from "./worker-thread.js";
import { threadEntryUrl } from "./adapters/threads/thread-entry.js";

export interface WorkerHost extends InboxWorker {
  /** Resolves once the thread has started its worker (its first round is under way). */
  ready: Promise<void>;
}

export function startWorkerThread(options: {
  config: Config;
  threadLock: SharedArrayBuffer;
  logger: Logger;
}): WorkerHost {
  const { logger } = options;
  let worker: Worker;
  let stopping = false;
  let nextId = 0;
  let nudging = false;
  const drains = new Map<number, { resolve: (n: number) => void; reject: (e: Error) => void }>();
  let stopped: () => void = () => {};
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const post = (message: HostMessage) => worker.postMessage(message);

  function spawn(): void {
    worker = new Worker(entryUrl(), {
      workerData: { config: options.config, threadLock: options.threadLock },
    });
    const id = worker.threadId;
    worker.on("message", (message: ThreadMessage) => {
      if (message.type === "ready") markReady();
      else if (message.type === "drained") {
        const waiter = drains.get(message.id);
        drains.delete(message.id);
        if (message.error) waiter?.reject(new Error(message.error));
        else waiter?.resolve(message.count);
      } else if (message.type === "stopped") stopped();
    });
    worker.on("error", (e) => logger.error("inbox worker thread failed", { error: String(e) }));
    worker.on("exit", (code) => {
      releaseThread(options.threadLock, id);
      for (const waiter of drains.values()) waiter.reject(new Error("inbox worker thread exited"));
      drains.clear();
      if (stopping) return stopped();
      logger.error("inbox worker thread exited; starting it again", { code });
      setTimeout(spawn, 1000).unref();
    });
  }
  spawn();

  return {
    ready,
    start() {},
    // A job queue's webhook jobs run where the queue consumes them: in the thread's own startWaitwell.
    processRows: () => Promise.reject(new Error("inbox rows are processed in the worker thread")),
    processShop: () => Promise.reject(new Error("inbox rows are processed in the worker thread")),
    // One message per turn of the event loop, however many rows were recorded in it: the thread's worker claims
    // every due row at its next round anyway.
    nudge() {
      if (nudging) return;
      nudging = true;
      setImmediate(() => {
        nudging = false;
        post({ type: "nudge" });
      });
    },
    drain() {
      const id = ++nextId;
      return new Promise<number>((resolve, reject) => {
        drains.set(id, { resolve, reject });
        post({ type: "drain", id });
      });
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      const done = new Promise<void>((resolve) => (stopped = resolve));
      post({ type: "stop" });
      await done;
      await worker.terminate();
    },
  };
}

/** The thread's entry (worker-thread.ts, or its compiled .js). */
function entryUrl(): URL {
  return threadEntryUrl(new URL("./worker-thread.ts", import.meta.url));
}
