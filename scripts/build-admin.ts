import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { withDirLock } from "./dir-lock.js";

/**
 * Builds the admin (vite) when dist/web is missing or older than any file under web/frontend.
 *
 * Test files run in parallel processes and several of them call this: one builds while the others wait (a lock
 * directory; vite empties dist/web before writing it, so two builds at once would leave a mix of both).
 */
export async function buildAdminIfStale(root: string): Promise<void> {
  const out = path.join(root, "dist/web/index.html");
  const src = path.join(root, "web/frontend");
  const fresh = () => existsSync(out) && newestMtime(src) <= statSync(out).mtimeMs;
  if (fresh()) return;
  mkdirSync(path.join(root, "dist"), { recursive: true });
  await withDirLock(
    path.join(root, "dist/.web-build.lock"),
    { staleMs: 5 * 60_000, pollMs: 200 },
    async () => {
      if (!fresh()) await build(root);
    },
  );
}

async function build(root: string): Promise<void> {
  const { build } = await import("vite");
  // vite's build sets process.env.NODE_ENV to "production" for the rest of the process, and the config reads
  // NODE_ENV (local mode is refused in production): the environment is put back as it was.
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({ configFile: path.join(root, "vite.config.ts"), logLevel: "warn" });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

function newestMtime(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((max, d) => {
    const p = path.join(dir, d.name);
    return Math.max(max, d.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }, 0);
}
