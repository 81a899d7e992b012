import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../../test/support/db.js";
import { loadConfig } from "../../config.js";
import { ConfigError } from "../../errors.js";
import { MemorySessionRepository } from "../memory/session-repository.js";
import { PrismaSessionRepository } from "../prisma/session-repository.js";
import type { StoredSession } from "../../use-cases/ports.js";
import {
  createTokenCipher,
  EncryptingSessionRepository,
  keyId,
  TokenDecryptionError,
} from "./token-cipher.js";

const TOKEN = "shpat_0123456789abcdef0123456789abcdef";
const keyA = randomBytes(32);
const keyB = randomBytes(32);

function session(overrides: Partial<StoredSession> = {}): StoredSession {
  return {
    id: "offline_shop-a.myshopify.com",
    shop: "shop-a.myshopify.com",
    state: "",
    isOnline: false,
    scope: "read_orders",
    expires: null,
    accessToken: TOKEN,
    refreshToken: null,
    refreshTokenExpires: null,
    ...overrides,
  };
}

describe("token cipher (AES-256-GCM)", () => {
  it("round-trips and never writes the same ciphertext twice", () => {
    const cipher = createTokenCipher(keyA);
    const a = cipher.encrypt(TOKEN);
    const b = cipher.encrypt(TOKEN);
    expect(a).toMatch(new RegExp(`^enc:v1:${keyId(keyA)}:[\\w-]+:[\\w-]+:[\\w-]+$`));
    expect(a).not.toContain(TOKEN);
    expect(a).not.toBe(b);
    expect(cipher.decrypt(a)).toBe(TOKEN);
    expect(cipher.decrypt(cipher.encrypt(""))).toBe("");
  });

  it.each([
    ["ciphertext", 5],
    ["auth tag", 4],
    ["iv", 3],
  ])("a changed %s fails authentication with a clear error, never garbage", (_, part) => {
    const cipher = createTokenCipher(keyA);
    const parts = cipher.encrypt(TOKEN).split(":");
    const bytes = Buffer.from(parts[part]!, "base64url");
    bytes[0] = bytes[0]! ^ 1;
    parts[part] = bytes.toString("base64url");
    expect(() => cipher.decrypt(parts.join(":"))).toThrow(TokenDecryptionError);
    expect(() => cipher.decrypt(parts.join(":"))).toThrow(/failed authentication .*tampered/);
  });

  it("refuses a malformed value and an unknown key by name", () => {
    const cipher = createTokenCipher(keyA);
    expect(() => cipher.decrypt("enc:v1:abc")).toThrow(/malformed/);
    expect(() => cipher.decrypt(createTokenCipher(keyB).encrypt(TOKEN))).toThrow(
      new RegExp(
        `key ${keyId(keyB)}, which is neither TOKEN_ENCRYPTION_KEY nor in TOKEN_ENCRYPTION_OLD_KEYS`,
      ),
    );
  });

  it("rotation: old keys read, the current key writes", () => {
    const before = createTokenCipher(keyA).encrypt(TOKEN);
    const rotated = createTokenCipher(keyB, [keyA]);
    expect(rotated.decrypt(before)).toBe(TOKEN);
    expect(rotated.encrypt(TOKEN)).toMatch(`enc:v1:${keyId(keyB)}:`);
  });

  it("a plaintext value from before encryption reads as is", () => {
    expect(createTokenCipher(keyA).decrypt(TOKEN)).toBe(TOKEN);
  });
});

describe("EncryptingSessionRepository", () => {
  it("re-encrypts a legacy plaintext row on its next write, then under the new key after rotation", async () => {
    const inner = new MemorySessionRepository();
    await inner.store(session({ refreshToken: "refresh-1" })); // written before encryption was turned on
    const repo = new EncryptingSessionRepository(inner, createTokenCipher(keyA));
    expect(await repo.load(session().id)).toMatchObject({ accessToken: TOKEN, refreshToken: "refresh-1" });

    await repo.store((await repo.load(session().id))!);
    const raw = (await inner.load(session().id))!;
    expect(raw.accessToken).toMatch(`enc:v1:${keyId(keyA)}:`);
    expect(raw.refreshToken).toMatch(`enc:v1:${keyId(keyA)}:`);

    const rotated = new EncryptingSessionRepository(inner, createTokenCipher(keyB, [keyA]));
    expect((await rotated.findByShop(session().shop))[0]).toMatchObject({ accessToken: TOKEN });
    await rotated.store(session());
    expect((await inner.load(session().id))!.accessToken).toMatch(`enc:v1:${keyId(keyB)}:`);
  });
});

describe("on SQLite", () => {
  let db: TestDatabase | undefined;
  afterEach(async () => db?.cleanup());

  it("the Session row never holds the token in clear when a key is set", async () => {
    db = await createTestDatabase("sqlite");
    const repo = new EncryptingSessionRepository(new PrismaSessionRepository(db.db), createTokenCipher(keyA));
    await repo.store(session({ refreshToken: "shprt_refresh-secret" }));

    const rows = await db.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "Session"`);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
    expect(JSON.stringify(rows)).not.toContain("shprt_refresh-secret");
    expect(String(rows[0]!.accessToken)).toMatch(/^enc:v1:/);
    expect(await repo.load(session().id)).toMatchObject({
      accessToken: TOKEN,
      refreshToken: "shprt_refresh-secret",
    });
  });
});

describe("TOKEN_ENCRYPTION_KEY in config", () => {
  const local = { WAITWELL_MODE: "local" };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({ ...local, ...env });
      return [];
    } catch (e) {
      return (e as ConfigError).problems;
    }
  };

  it("accepts 32 bytes as hex or base64, and old keys for rotation", () => {
    expect(loadConfig(local).tokenEncryption).toBeNull();
    const c = loadConfig({
      ...local,
      TOKEN_ENCRYPTION_KEY: keyA.toString("hex"),
      TOKEN_ENCRYPTION_OLD_KEYS: `${keyB.toString("base64")}, ${keyB.toString("base64url")}`,
    });
    expect(c.tokenEncryption?.key.equals(keyA)).toBe(true);
    expect(c.tokenEncryption?.oldKeys.map((k) => k.equals(keyB))).toEqual([true, true]);
  });

  it("names a key of the wrong size or encoding", () => {
    expect(problems({ TOKEN_ENCRYPTION_KEY: randomBytes(16).toString("base64") })).toEqual([
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY: must be 32 bytes as 64 hex digits or base64/),
    ]);
    expect(problems({ TOKEN_ENCRYPTION_KEY: "not a key" })[0]).toMatch(
      /^TOKEN_ENCRYPTION_KEY: must be 32 bytes/,
    );
    expect(
      problems({
        TOKEN_ENCRYPTION_KEY: keyA.toString("hex"),
        TOKEN_ENCRYPTION_OLD_KEYS: `${keyB.toString("hex")},xyz`,
      }),
    ).toEqual([expect.stringMatching(/^TOKEN_ENCRYPTION_OLD_KEYS: key 2 must be 32 bytes/)]);
    expect(problems({ TOKEN_ENCRYPTION_OLD_KEYS: keyB.toString("hex") })).toEqual([
      "TOKEN_ENCRYPTION_OLD_KEYS: set only with TOKEN_ENCRYPTION_KEY",
    ]);
  });
});
