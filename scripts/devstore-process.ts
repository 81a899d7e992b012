/**
 * The dev store in a child process, as `npm start` runs it: a real Shopify is not on the app's event loop, so the
 * dev store's webhook sender and Admin API must not be either (in one process, the app's acknowledgements waited
 * behind the dev store's work and deliveries went over Shopify's 5 s timeout). The child is scripts/devstore-child.ts;
 * its output comes through here prefixed with `[dev store]`, and it exits when this process does, even on kill -9
 * (it watches its IPC channel).
 */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import type { StartDevStoreOptions } from "../devstore/server.js";

/** What `npm start` and the benchmarks use of a dev store, wherever it runs. */
export interface DevStoreHandle {
  url: string;
  /** smtp://127.0.0.1:<port> of its mailbox; null without one. */
  smtpUrl: string | null;
  /** Builds the storefront's checkout extensions now (otherwise the first checkout does). */
  warmUpStorefront(): Promise<void>;
  close(): Promise<void>;
}

export interface DevStoreProcess extends DevStoreHandle {
  /** The child's process id. */
  pid: number;
}

/** The dev store's options that cross a process boundary (no functions); `quiet` drops its log. */
export type DevStoreProcessOptions = Omit<StartDevStoreOptions, "clock" | "log"> & { quiet?: boolean };

/** Parent → child. */
export type DevStoreRequest =
  { type: "start"; options: DevStoreProcessOptions } | { type: "warm-up"; id: number } | { type: "close" };

/** Child → parent. */
export type DevStoreReply =
  | { type: "ready"; url: string; smtpUrl: string | null }
  | { type: "failed"; message: string }
  | { type: "warmed-up"; id: number; error?: string };

const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");
const CHILD = path.join(PROJECT_ROOT, "scripts/devstore-child.ts");
const CLOSE_TIMEOUT_MS = 10_000;

export async function startDevStoreProcess(options: DevStoreProcessOptions): Promise<DevStoreProcess> {
  const child = fork(CHILD, [], {
    // Only the TypeScript loader: a profiler, inspector or --eval given to this process stays with it.
    execArgv: ["--import", "tsx"],
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  prefixLines(child.stdout!, process.stdout);
  prefixLines(child.stderr!, process.stderr);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = await new Promise<Extract<DevStoreReply, { type: "ready" }>>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`the dev store exited (${code}) before it listened`));
    const onReply = (reply: DevStoreReply) => {
      if (reply.type === "ready") resolve(reply);
      else if (reply.type === "failed") reject(new Error(`the dev store did not start: ${reply.message}`));
      else return;
      child.off("exit", onExit);
      child.off("message", onReply);
    };
    child.once("exit", onExit);
    child.on("message", onReply);
    send(child, { type: "start", options });
  }).catch(async (e: unknown) => {
    child.kill("SIGKILL");
    await exited;
    throw e;
  });
  let closing = false;
  child.once("exit", (code, signal) => {
    if (!closing) console.error(`[dev store] exited unexpectedly (${signal ?? code})`);
  });
  return {
    pid: child.pid!,
    url: ready.url,
    smtpUrl: ready.smtpUrl,
    warmUpStorefront: warmUpThrough(child),
    async close() {
      if (closing) return exited;
      closing = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill("SIGKILL"), CLOSE_TIMEOUT_MS);
      send(child, { type: "close" });
      await exited;
      clearTimeout(timer);
    },
  };
}

function warmUpThrough(child: ChildProcess): () => Promise<void> {
  let next = 0;
  return () =>
    new Promise<void>((resolve, reject) => {
      const id = ++next;
      const onReply = (reply: DevStoreReply) => {
        if (reply.type !== "warmed-up" || reply.id !== id) return;
        child.off("message", onReply);
        child.off("exit", onExit);
        if (reply.error) reject(new Error(reply.error));
        else resolve();
      };
      const onExit = () => {
        child.off("message", onReply);
        reject(new Error("the dev store exited"));
      };
      child.on("message", onReply);
      child.once("exit", onExit);
      send(child, { type: "warm-up", id });
    });
}

function send(child: ChildProcess, request: DevStoreRequest): void {
  if (child.connected) child.send(request);
}

function prefixLines(from: NodeJS.ReadableStream, to: NodeJS.WritableStream): void {
  createInterface({ input: from }).on("line", (line) => to.write(`[dev store] ${line}\n`));
}
