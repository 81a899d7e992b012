import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/** Builds the admin (vite) when dist/web is missing or older than any file under web/frontend. */
export async function buildAdminIfStale(root: string): Promise<void> {
  const out = path.join(root, "dist/web/index.html");
  const src = path.join(root, "web/frontend");
  if (existsSync(out) && newestMtime(src) <= statSync(out).mtimeMs) return;
  const { build } = await import("vite");
  await build({ configFile: path.join(root, "vite.config.ts"), logLevel: "warn" });
}

function newestMtime(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((max, d) => {
    const p = path.join(dir, d.name);
    return Math.max(max, d.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }, 0);
}
