/**
 * `npm run tokens:reencrypt`: after a key rotation (the old key moved to TOKEN_ENCRYPTION_OLD_KEYS, the new one set
 * as TOKEN_ENCRYPTION_KEY), rewrites every stored Shopify token with the new key, so the old keys can be dropped.
 * Runs with the app's environment (same DATABASE_URL and keys); safe while the app runs and safe to run twice.
 * Prints a JSON report; exits 1 when a row could not be re-encrypted (its key is no longer configured, or it was
 * tampered with), 2 when TOKEN_ENCRYPTION_KEY is not set.
 */
import { createDb } from "../web/server/adapters/prisma/client.js";
import { createTokenCipher } from "../web/server/adapters/crypto/token-cipher.js";
import { reencryptTokens } from "../web/server/adapters/crypto/reencrypt-tokens.js";
import { loadConfig } from "../web/server/config.js";
import { ConfigError } from "../web/server/errors.js";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(2);
}
if (!config.tokenEncryption) {
  console.error("TOKEN_ENCRYPTION_KEY is not set: there is no key to re-encrypt the stored tokens with");
  process.exit(2);
}
const db = await createDb(config.databaseUrl);
try {
  const { key, oldKeys } = config.tokenEncryption;
  const report = await reencryptTokens(db, createTokenCipher(key, oldKeys));
  console.log(JSON.stringify(report));
  process.exitCode = report.failed.length > 0 ? 1 : 0;
} finally {
  await db.$disconnect();
}
