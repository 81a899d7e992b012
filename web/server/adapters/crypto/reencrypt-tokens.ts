import type { Db } from "../prisma/client.js";
import type { TokenCipher } from "./token-cipher.js";

/** What one pass of `npm run tokens:reencrypt` did. */
export interface ReencryptReport {
  /** Session rows looked at. */
  sessions: number;
  /** Rows whose access or refresh token was rewritten with the current key (plaintext or an old key before). */
  reencrypted: number;
  /** Rows already written with the current key: left alone, so a second run changes nothing. */
  alreadyCurrent: number;
  /** Rows that could not be read (a key that is no longer configured, a tampered value): left as they are. */
  failed: { id: string; error: string }[];
}

const PAGE = 200;
const TRIES = 3;

/**
 * Token rotation's bulk step: every stored Shopify access and refresh token is read with whichever configured key
 * wrote it and written again with the current TOKEN_ENCRYPTION_KEY, so the old keys can then be dropped. Each row is
 * replaced with a compare-and-set on the values it read: a token the app stored meanwhile (a re-install) is never
 * overwritten with an older one; that row is read again. Idempotent.
 */
export async function reencryptTokens(db: Db, cipher: TokenCipher): Promise<ReencryptReport> {
  const report: ReencryptReport = { sessions: 0, reencrypted: 0, alreadyCurrent: 0, failed: [] };
  for (let after: string | null = null; ;) {
    const page: { id: string }[] = await db.session.findMany({
      select: { id: true },
      ...(after ? { where: { id: { gt: after } } } : {}),
      orderBy: { id: "asc" },
      take: PAGE,
    });
    for (const { id } of page) {
      report.sessions++;
      try {
        const outcome = await reencryptRow(db, cipher, id);
        if (outcome === "reencrypted") report.reencrypted++;
        else if (outcome === "current") report.alreadyCurrent++;
      } catch (e) {
        report.failed.push({ id, error: e instanceof Error ? e.message : String(e) });
      }
    }
    if (page.length < PAGE) return report;
    after = page[page.length - 1]!.id;
  }
}

async function reencryptRow(
  db: Db,
  cipher: TokenCipher,
  id: string,
): Promise<"reencrypted" | "current" | "gone"> {
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    const row = await db.session.findUnique({
      where: { id },
      select: { accessToken: true, refreshToken: true },
    });
    if (!row) return "gone";
    const { accessToken, refreshToken } = row;
    // An empty refresh token is what the app stores for "none" (EncryptingSessionRepository leaves it as is).
    const stale = (v: string | null) => v !== null && v !== "" && !cipher.isCurrent(v);
    if (!stale(accessToken) && !stale(refreshToken)) return "current";
    const { count } = await db.session.updateMany({
      where: { id, accessToken, refreshToken },
      data: {
        accessToken: cipher.encrypt(cipher.decrypt(accessToken)),
        refreshToken:
          refreshToken && stale(refreshToken) ? cipher.encrypt(cipher.decrypt(refreshToken)) : refreshToken,
      },
    });
    if (count === 1) return "reencrypted";
  }
  throw new Error(`the row kept changing during ${TRIES} attempts; run the command again`);
}
