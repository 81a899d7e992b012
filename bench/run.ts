/**
 * `npm run bench [-- name… [--flag value…]]`: runs each benchmark script in its own process (so one's heap and JIT state don't
 * colour the next), prints what each reports, and writes them all to bench/results/latest.json. BENCHMARKS.md
 * records the figures with the command that produced them.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = import.meta.dirname;
// Names select benchmarks; everything from the first `--flag` on is passed to each of them.
const args = process.argv.slice(2);
const firstFlag = args.findIndex((a) => a.startsWith("--"));
const wanted = firstFlag === -1 ? args : args.slice(0, firstFlag);
const flags = firstFlag === -1 ? [] : args.slice(firstFlag);
const scripts = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

const results: Record<string, unknown> = {};
for (const script of scripts) {
  console.error(`\n=== ${script}`);
  const out = execFileSync(process.execPath, ["--import", "tsx", path.join(dir, script), ...flags], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  console.log(out.trim());
  const json = out.slice(out.indexOf("{"), out.lastIndexOf("}") + 1);
  try {
    results[script] = JSON.parse(json);
  } catch {
    results[script] = { raw: out.trim() };
  }
}

mkdirSync(path.join(dir, "results"), { recursive: true });
const machine = {
  node: process.version,
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  at: new Date().toISOString(),
};
writeFileSync(path.join(dir, "results/latest.json"), JSON.stringify({ machine, results }, null, 2) + "\n");
console.error(`\nwrote bench/results/latest.json (${scripts.length} benchmarks)`);
