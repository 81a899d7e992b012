/**
 * The dev store's own process under `npm start` (started by scripts/devstore-process.ts, never by hand): starts the
 * dev store with the options of the first IPC message, answers `ready` with its URLs, and stops when asked or when
 * the parent is gone (the IPC channel closes when it exits, even on kill -9: no orphan keeps the ports).
 */
import { startDevStore, type RunningDevStore } from "../devstore/server.js";
import type { DevStoreReply, DevStoreRequest } from "./devstore-process.js";

let store: RunningDevStore | null = null;

function reply(message: DevStoreReply): void {
  if (process.connected) process.send!(message);
}

async function start(options: Extract<DevStoreRequest, { type: "start" }>["options"]): Promise<void> {
  const { quiet, ...rest } = options;
  try {
    store = await startDevStore({ ...rest, ...(quiet ? { log: () => {} } : {}) });
    reply({ type: "ready", url: store.url, smtpUrl: store.smtpUrl });
  } catch (e) {
    reply({ type: "failed", message: e instanceof Error ? e.message : String(e) });
    process.exit(1);
  }
}

async function close(): Promise<void> {
  await store?.close();
  process.exit(0);
}

process.on("message", (request: DevStoreRequest) => {
  if (request.type === "start") void start(request.options);
  if (request.type === "close") void close().catch(() => process.exit(1));
  if (request.type === "warm-up")
    (store?.warmUpStorefront() ?? Promise.resolve()).then(
      () => reply({ type: "warmed-up", id: request.id }),
      (e: unknown) =>
        reply({ type: "warmed-up", id: request.id, error: e instanceof Error ? e.message : String(e) }),
    );
});
// The parent is gone: nothing is left to serve.
process.on("disconnect", () => process.exit(0));
// Ctrl-C reaches every process of the terminal's group: the parent stops the dev store once the app has drained.
process.on("SIGINT", () => {});
