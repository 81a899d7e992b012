/**
 * The inbox worker's thread (started by worker-host.ts): the worker role of startWaitwell on its own database
 * connection and event loop, so that processing never delays the thread that acknowledges webhooks. Messages from
 * the host: nudge (a row is due), drain (process until nothing is due; answers the count), stop.
 */
import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import type { Config } from "./config.js";
import { startWaitwell } from "./main.js";

export type HostMessage = { type: "nudge" } | { type: "drain"; id: number } | { type: "stop" };
export type ThreadMessage =
  { type: "ready" } | { type: "drained"; id: number; count: number; error?: string } | { type: "stopped" };

const { config, threadLock } = workerData as { config: Config; threadLock: SharedArrayBuffer };
const port = parentPort!;
lowerThreadPriority(config.inbox.threadNice);
const running = await startWaitwell(
  { ...config, role: "worker" },
  { threadLock, migrate: false, workerThread: false },
);
const send = (message: ThreadMessage) => port.postMessage(message);

port.on("message", (message: HostMessage) => {
  if (message.type === "nudge") running.worker.nudge();
  else if (message.type === "drain") {
    running.worker.drain().then(
      (count) => send({ type: "drained", id: message.id, count }),
      (e: unknown) => send({ type: "drained", id: message.id, count: 0, error: String(e) }),
    );
  } else if (message.type === "stop") {
    void running.close().finally(() => {
      send({ type: "stopped" });
      port.close();
    });
  }
});
send({ type: "ready" });

/**
 * How much lower than the web thread the worker thread runs (config.inbox.threadNice, WAITWELL_WORKER_NICE). 0 by
 * default: with the dev store out of the app's process the web thread is mostly idle and gets the CPU as soon as a
 * request wakes it, while a worker at +10 lost the CPU to everything else on the machine (its own PostgreSQL backends
 * included) and the backlog grew: max rate on the `npm start` stack 54 against 32–40 orders/s (PostgreSQL), 54
 * against 46 (SQLite), acknowledgement p95 the same.
 *
 * On Linux a thread is a task of its own with its own nice value: with an increment this thread yields the
 * CPU to the web thread (it still gets every cycle the web thread leaves). Relative to the nice value it started
 * with, so it never raises a process started with `nice`. https://man7.org/linux/man-pages/man2/setpriority.2.html
 * (NOTES: per-thread on Linux). Elsewhere: no-op.
 */
function lowerThreadPriority(increment: number): void {
  if (process.platform !== "linux" || !(increment > 0)) return;
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.min(19, getPriority(tid) + increment));
  } catch {
    // Not permitted or no procfs: the thread keeps the process's priority.
  }
}
