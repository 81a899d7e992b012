/**
 * A port that another process holds: startWaitwell must fail naming it. Express 5's app.listen hands a listen
 * error to its callback instead of throwing, so a callback that ignores it reports a server that is not listening
 * as started (and `npm start` then installed the app on whatever answered on that port).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../web/server/config.js";
import { ConfigError } from "../web/server/errors.js";
import { startWaitwell } from "../web/server/main.js";

let blocker: Server;
let port: number;
const dir = mkdtempSync(path.join(os.tmpdir(), "waitwell-port-"));

beforeAll(async () => {
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  port = (blocker.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe("startWaitwell on a port that is taken", () => {
  it("rejects with one message naming PORT and the address, and releases what it opened", async () => {
    const config = loadConfig({
      WAITWELL_MODE: "local",
      PORT: String(port),
      DATABASE_URL: `file:${path.join(dir, "w.db")}`,
      LOG_LEVEL: "silent",
    });
    const started = startWaitwell(config, { startWorker: false, staticDir: dir });
    await expect(started).rejects.toBeInstanceOf(ConfigError);
    await expect(started).rejects.toThrow(`PORT: 127.0.0.1:${port} is already in use`);
    // The database file can be removed and opened again: the failed start left no connection behind.
    const again = await startWaitwell(
      loadConfig({
        WAITWELL_MODE: "local",
        PORT: "0",
        DATABASE_URL: config.databaseUrl,
        LOG_LEVEL: "silent",
      }),
      { startWorker: false, staticDir: dir },
    );
    expect(again.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await again.close();
  }, 60_000);
});
