import { createHash, randomUUID } from "node:crypto";
import { signHs256 } from "./jwt.js";

/**
 * Session tokens ("ID tokens") as App Bridge hands them to an embedded app: HS256 with the app secret, one minute of
 * life, claims as in https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens (REFERENCE 4.1).
 * They carry wall-clock time, not the dev store's clock: the app verifies them against its own clock.
 */

export const SESSION_TOKEN_TTL_SECONDS = 60;

export interface SessionTokenInput {
  shop: string;
  apiKey: string;
  apiSecret: string;
  staffUserId: string;
  nowMs: number;
}

export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
}

export function mintSessionToken(input: SessionTokenInput): { token: string; claims: SessionTokenClaims } {
  const iat = Math.floor(input.nowMs / 1000);
  const claims: SessionTokenClaims = {
    iss: `https://${input.shop}/admin`,
    dest: `https://${input.shop}`,
    aud: input.apiKey,
    sub: input.staffUserId,
    exp: iat + SESSION_TOKEN_TTL_SECONDS,
    nbf: iat,
    iat,
    jti: randomUUID(),
    // Shopify's sid identifies one staff user's session with one app; stable across the tokens of that session.
    sid: createHash("sha256")
      .update(`${input.shop}|${input.apiKey}|${input.staffUserId}`)
      .digest("hex")
      .slice(0, 32),
  };
  return { token: signHs256({ ...claims }, input.apiSecret), claims };
}
