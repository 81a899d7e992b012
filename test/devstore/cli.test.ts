/**
 * The dev store CLI as a new user meets it (`npm run devstore -- …`): help, a wrong option, no dev store running and
 * a bad --url each end with one clear message and no stack trace.
 */
import { execFile } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/.bin/tsx");

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, ["devstore/cli.ts", ...args], {
      cwd: root,
      env: { ...process.env, DEVSTORE_URL: "" },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A port nothing listens on: taken from the OS, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

describe("npm run devstore -- …", () => {
  it.each([["--help"], ["help"], ["-h"]])("%s prints the commands and exits 0", async (arg) => {
    const run = await cli(arg);
    expect(run.code).toBe(0);
    for (const command of ["serve", "order", "receive", "advance", "state", "webhooks"])
      expect(run.stdout).toContain(`  ${command} `);
  });

  it.each([
    [["order", "--bogus"], "Unknown option '--bogus'"],
    [["frobnicate"], "unknown command frobnicate"],
    [["order", "--url", "notaurl"], "--url must be an http(s) URL, got notaurl"],
    [["order", "--url", "ftp://127.0.0.1:1"], "--url must be an http(s) URL"],
  ])("%j fails with one message: %s", async (args, message) => {
    const run = await cli(...args);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    noStack(run.stderr);
  });

  it("order with no dev store running names the URL and how to start one", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await cli("order", "--url", url);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no dev store answers at ${url}`);
    noStack(run.stderr);
  });
});
