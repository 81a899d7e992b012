import { mkdirSync, rmSync, statSync } from "node:fs";

/**
 * Runs `fn` while holding a lock directory (`mkdir` is atomic): processes that want the same lock wait, polling
 * every `pollMs`. A lock older than `staleMs` was left by a killed process and is taken over.
 */
export async function withDirLock<T>(
  lock: string,
  options: { staleMs: number; pollMs: number },
  fn: () => Promise<T>,
): Promise<T> {
  while (!tryMkdir(lock)) {
    if (Date.now() - mtimeMs(lock) > options.staleMs) rmSync(lock, { recursive: true, force: true });
    await new Promise((r) => setTimeout(r, options.pollMs));
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function tryMkdir(dir: string): boolean {
  try {
    mkdirSync(dir);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
}

function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}
