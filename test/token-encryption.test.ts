/**
 * TOKEN_ENCRYPTION_KEY end to end: the installed app stores the shop's offline token encrypted in the Session row
 * and still talks to the Admin API with it.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenCipher } from "../web/server/adapters/crypto/token-cipher.js";
import { startTestStack } from "./support/stack.js";

const key = randomBytes(32);

describe("token encryption at rest (local stack, SQLite)", () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  beforeAll(async () => {
    stack = await startTestStack({ env: { TOKEN_ENCRYPTION_KEY: key.toString("base64") } });
  });
  afterAll(async () => stack?.close());

  it("the Session row holds only ciphertext, and the token in it is the one the app uses", async () => {
    const rows = await stack.app.db.$queryRawUnsafe<{ accessToken: string }[]>(
      `SELECT "accessToken" FROM "Session"`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.accessToken).toMatch(/^enc:v1:[0-9a-f]{8}:/);
      const token = createTokenCipher(key).decrypt(row.accessToken);
      expect(token.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).not.toContain(token);
    }
  });

  it("the Admin API is called with the decrypted token (a reconciliation pass over every shop succeeds)", async () => {
    expect(await stack.app.reconcile.runOnce()).toEqual({ shops: 1, failed: 0 });
  });
});
