import type { LogLevel } from "../config.js";
import type { Logger } from "../use-cases/ports.js";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** JSON lines on stdout/stderr: one object per event, greppable and machine-readable. */
export function createLogger(level: LogLevel, base: Record<string, unknown> = {}): Logger {
  const min = ORDER[level];
  const write = (lvl: Exclude<LogLevel, "silent">, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...base, ...fields });
    (lvl === "error" || lvl === "warn" ? process.stderr : process.stdout).write(line + "\n");
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}

/** For tests: keeps entries in memory so assertions can read what was logged. */
export function createMemoryLogger(): Logger & {
  entries: { level: string; msg: string; fields?: Record<string, unknown> }[];
} {
  const entries: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const push = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    entries.push({ level, msg, fields });
  return { entries, debug: push("debug"), info: push("info"), warn: push("warn"), error: push("error") };
}
