/**
 * `npm run tokens:reencrypt` (token rotation's bulk step): every stored token ends up under the current key, read
 * with whichever configured key wrote it; rows already current are left alone (a second run changes nothing); a row
 * no configured key can read is reported and left as it is. SQLite and PostgreSQL; the command itself runs once as
 * a real process on SQLite.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { reencryptTokens } from "../web/server/adapters/crypto/reencrypt-tokens.js";
import {
  createTokenCipher,
  EncryptingSessionRepository,
  keyId,
} from "../web/server/adapters/crypto/token-cipher.js";
import { PrismaSessionRepository } from "../web/server/adapters/prisma/index.js";
import type { StoredSession } from "../web/server/use-cases/ports.js";
import { projectRoot } from "../scripts/local-stack.js";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "./support/db.js";

const kinds: ("sqlite" | "postgresql")[] = [
  "sqlite",
  ...((await postgresAvailable()) ? (["postgresql"] as const) : []),
];
const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const strayKey = randomBytes(32);

const session = (n: number, refreshToken: string | null = null): StoredSession => ({
  id: `offline_shop-${n}.myshopify.com`,
  shop: `shop-${n}.myshopify.com`,
  state: "",
  isOnline: false,
  scope: "read_orders",
  expires: null,
  accessToken: `shpat_token-${n}`,
  refreshToken,
});

/** Four rows as a rotation finds them: plaintext (before encryption), old key, current key, a key nobody has. */
async function seed(database: TestDatabase): Promise<void> {
  const raw = new PrismaSessionRepository(database.db);
  await raw.store(session(1));
  await new EncryptingSessionRepository(raw, createTokenCipher(oldKey)).store(session(2, "shprt_refresh-2"));
  await new EncryptingSessionRepository(raw, createTokenCipher(newKey)).store(session(3));
  await new EncryptingSessionRepository(raw, createTokenCipher(strayKey)).store(session(4));
}

const rawRows = (db: TestDatabase["db"]) =>
  db.session.findMany({
    select: { id: true, accessToken: true, refreshToken: true },
    orderBy: { id: "asc" },
  });

describe.each(kinds)("tokens:reencrypt (%s)", (kind) => {
  let database: TestDatabase | undefined;
  afterEach(async () => database?.cleanup());

  it("rewrites plaintext and old-key tokens with the current key, reports what it did, and is idempotent", async () => {
    database = await createTestDatabase(kind);
    await seed(database);
    const before = await rawRows(database.db);
    const cipher = createTokenCipher(newKey, [oldKey]);

    const report = await reencryptTokens(database.db, cipher);
    expect(report).toMatchObject({ sessions: 4, reencrypted: 2, alreadyCurrent: 1 });
    expect(report.failed).toEqual([
      {
        id: session(4).id,
        error: expect.stringContaining(`key ${keyId(strayKey)}, which is neither TOKEN_ENCRYPTION_KEY`),
      },
    ]);

    const after = await rawRows(database.db);
    const current = createTokenCipher(newKey); // the old key can now be dropped
    for (const n of [1, 2, 3]) {
      const row = after[n - 1]!;
      expect(row.accessToken).toMatch(`enc:v1:${keyId(newKey)}:`);
      expect(current.decrypt(row.accessToken)).toBe(session(n).accessToken);
    }
    expect(current.decrypt(after[1]!.refreshToken!)).toBe("shprt_refresh-2");
    expect(after[2]).toEqual(before[2]); // already current: untouched
    expect(after[3]).toEqual(before[3]); // unreadable: left as it was

    expect(await reencryptTokens(database.db, cipher)).toMatchObject({
      sessions: 4,
      reencrypted: 0,
      alreadyCurrent: 3,
    });
    expect(await rawRows(database.db)).toEqual(after);
  });

  it.runIf(kind === "sqlite")(
    "npm run tokens:reencrypt prints the report and exits 0",
    async () => {
      database = await createTestDatabase(kind);
      const raw = new PrismaSessionRepository(database.db);
      await raw.store(session(1));
      await new EncryptingSessionRepository(raw, createTokenCipher(oldKey)).store(session(2));
      await database.db.$disconnect();
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["--import", "tsx", path.join(projectRoot, "scripts/tokens-reencrypt.ts")],
        {
          cwd: projectRoot,
          env: {
            PATH: process.env.PATH,
            SHOPIFY_API_KEY: "key",
            SHOPIFY_API_SECRET: "secret",
            SHOPIFY_APP_URL: "https://waitwell.example.com",
            DATABASE_URL: database.url,
            TOKEN_ENCRYPTION_KEY: newKey.toString("base64"),
            TOKEN_ENCRYPTION_OLD_KEYS: oldKey.toString("base64"),
          },
        },
      );
      expect(JSON.parse(stdout)).toEqual({ sessions: 2, reencrypted: 2, alreadyCurrent: 0, failed: [] });
      const rows = await rawRows(await database.connect());
      expect(rows.map((r) => createTokenCipher(newKey).decrypt(r.accessToken))).toEqual([
        session(1).accessToken,
        session(2).accessToken,
      ]);
    },
    60_000,
  );
});
