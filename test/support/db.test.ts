import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { hashDirectory, migrationsHash, postgresAvailable, postgresSuiteMode } from "./db.js";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("template naming", () => {
  it("changes the hash when a migration file changes, is added or is renamed", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "waitwell-hash-"));
    try {
      mkdirSync(path.join(dir, "2026_init"));
      writeFileSync(path.join(dir, "2026_init", "migration.sql"), "CREATE TABLE a (id int);");
      const first = hashDirectory(dir);
      expect(hashDirectory(dir)).toBe(first);
      writeFileSync(path.join(dir, "2026_init", "migration.sql"), "CREATE TABLE a (id bigint);");
      const edited = hashDirectory(dir);
      expect(edited).not.toBe(first);
      mkdirSync(path.join(dir, "2027_more"));
      writeFileSync(path.join(dir, "2027_more", "migration.sql"), "");
      const added = hashDirectory(dir);
      expect(added).not.toBe(edited);
      rmSync(path.join(dir, "2027_more"), { recursive: true });
      mkdirSync(path.join(dir, "2027_other"));
      writeFileSync(path.join(dir, "2027_other", "migration.sql"), "");
      expect(hashDirectory(dir)).not.toBe(added);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the two providers' templates differently", () => {
    expect(migrationsHash("sqlite")).not.toBe(migrationsHash("postgresql"));
  });
});

describe("PostgreSQL availability", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("answers from a TCP probe unless DATABASE_URL_TEST is set", async () => {
    vi.stubEnv("DATABASE_URL_TEST", "");
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await postgresAvailable({ port })).toBe(true);
    } finally {
      server.close();
    }
    expect(await postgresAvailable({ port: await closedPort() })).toBe(false);
    vi.stubEnv("DATABASE_URL_TEST", "postgresql://postgres@db.example:5432/x");
    expect(await postgresAvailable({ port: await closedPort() })).toBe(true);
  });

  it("skips locally but fails in CI or under WAITWELL_REQUIRE_PG=1 when the server is unreachable", async () => {
    const down = async () => false;
    vi.stubEnv("CI", "");
    vi.stubEnv("WAITWELL_REQUIRE_PG", "");
    expect(await postgresSuiteMode(down)).toBe("skip");
    vi.stubEnv("CI", "true");
    expect(await postgresSuiteMode(down)).toBe("fail");
    vi.stubEnv("CI", "");
    vi.stubEnv("WAITWELL_REQUIRE_PG", "1");
    expect(await postgresSuiteMode(down)).toBe("fail");
    expect(await postgresSuiteMode(async () => true)).toBe("run");
  });
});
