import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { WaitwellError } from "../../errors.js";
import type { SessionRepository, ShopDomain, StoredSession } from "../../use-cases/ports.js";

/**
 * Shopify access tokens at rest, encrypted with AES-256-GCM (NIST SP 800-38D; 96-bit random IV, 128-bit tag):
 * `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts). keyId is the first 8 hex digits of SHA-256(key), so
 * a value names the key that wrote it and rotation reads with any configured key while writing with the current.
 * A value without the prefix is a plaintext row from before encryption: it reads as is and is encrypted on next write.
 */
export const ENCRYPTED_PREFIX = "enc:v1:";

export class TokenDecryptionError extends WaitwellError {
  override readonly code = "token_decryption_failed";
}

export interface TokenCipher {
  encrypt(plaintext: string): string;
  decrypt(stored: string): string;
  /** Whether a stored value is already encrypted with the current key (a plaintext or an old key's value is not). */
  isCurrent(stored: string): boolean;
}

export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export function createTokenCipher(current: Buffer, old: readonly Buffer[] = []): TokenCipher {
  for (const k of [current, ...old]) if (k.length !== 32) throw new Error("AES-256-GCM keys are 32 bytes");
  const keys = new Map([current, ...old].map((k) => [keyId(k), k] as const));
  const currentId = keyId(current);
  return {
    isCurrent: (stored) => stored.startsWith(`${ENCRYPTED_PREFIX}${currentId}:`),
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current, iv);
      const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), ct].map((b) => b.toString("base64url"));
      return `${ENCRYPTED_PREFIX}${currentId}:${parts.join(":")}`;
    },
    decrypt(stored) {
      if (!stored.startsWith(ENCRYPTED_PREFIX)) return stored;
      const [id, iv, tag, ct, ...rest] = stored.slice(ENCRYPTED_PREFIX.length).split(":");
      if (!id || iv === undefined || tag === undefined || ct === undefined || rest.length > 0) {
        throw new TokenDecryptionError(
          "Stored token is malformed (expected enc:v1:<keyId>:<iv>:<tag>:<ciphertext>)",
        );
      }
      const key = keys.get(id);
      if (!key) {
        throw new TokenDecryptionError(
          `Stored token was encrypted with key ${id}, which is neither TOKEN_ENCRYPTION_KEY nor in TOKEN_ENCRYPTION_OLD_KEYS`,
        );
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), {
          authTagLength: 16,
        });
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString(
          "utf8",
        );
      } catch (cause) {
        throw new TokenDecryptionError(
          `Stored token failed authentication with key ${id} (tampered or corrupted)`,
          undefined,
          {
            cause,
          },
        );
      }
    },
  };
}

/** A SessionRepository whose access and refresh tokens are encrypted before they reach the inner repository. */
export class EncryptingSessionRepository implements SessionRepository {
  constructor(
    private readonly inner: SessionRepository,
    private readonly cipher: TokenCipher,
  ) {}

  async store(session: StoredSession): Promise<void> {
    await this.inner.store({
      ...session,
      accessToken: this.cipher.encrypt(session.accessToken),
      refreshToken: session.refreshToken ? this.cipher.encrypt(session.refreshToken) : session.refreshToken,
    });
  }

  async load(id: string): Promise<StoredSession | null> {
    const s = await this.inner.load(id);
    return s ? this.open(s) : null;
  }

  async findByShop(shop: ShopDomain): Promise<StoredSession[]> {
    return (await this.inner.findByShop(shop)).map((s) => this.open(s));
  }

  deleteByShop(shop: ShopDomain): Promise<number> {
    return this.inner.deleteByShop(shop);
  }

  private open(s: StoredSession): StoredSession {
    return {
      ...s,
      accessToken: this.cipher.decrypt(s.accessToken),
      refreshToken: s.refreshToken ? this.cipher.decrypt(s.refreshToken) : s.refreshToken,
    };
  }
}
