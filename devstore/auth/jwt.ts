import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * HS256 JSON Web Tokens, the format of Shopify session tokens (REFERENCE 4.1). Small enough to own: the dev store only
 * ever signs and checks HS256, so a general JOSE library would add surface without adding fidelity.
 */

export type JwtClaims = Record<string, unknown>;

export type JwtVerification =
  | { valid: true; claims: JwtClaims }
  | { valid: false; reason: "malformed" | "unsupported_alg" | "bad_signature" | "expired" | "not_yet_valid" };

const HEADER = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));

export function signHs256(claims: JwtClaims, secret: string): string {
  const payload = base64url(JSON.stringify(claims));
  return `${HEADER}.${payload}.${signature(`${HEADER}.${payload}`, secret)}`;
}

export interface VerifyOptions {
  nowSeconds: number;
  /** Shopify's libraries allow 10 s of clock skew on exp/nbf (LIB decode-session-token). */
  clockToleranceSeconds?: number;
}

export function verifyHs256(token: string, secret: string, opts: VerifyOptions): JwtVerification {
  const parts = token.split(".");
  if (parts.length !== 3) return { valid: false, reason: "malformed" };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];

  const header = parseJsonObject(headerPart);
  const claims = parseJsonObject(payloadPart);
  if (!header || !claims) return { valid: false, reason: "malformed" };
  if (header.alg !== "HS256") return { valid: false, reason: "unsupported_alg" };

  const expected = Buffer.from(signature(`${headerPart}.${payloadPart}`, secret));
  const given = Buffer.from(signaturePart);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { valid: false, reason: "bad_signature" };
  }

  const tolerance = opts.clockToleranceSeconds ?? 10;
  if (typeof claims.exp === "number" && opts.nowSeconds - tolerance >= claims.exp)
    return { valid: false, reason: "expired" };
  if (typeof claims.nbf === "number" && opts.nowSeconds + tolerance < claims.nbf) {
    return { valid: false, reason: "not_yet_valid" };
  }
  return { valid: true, claims };
}

function signature(input: string, secret: string): string {
  return createHmac("sha256", secret).update(input).digest("base64url");
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

function parseJsonObject(part: string): JwtClaims | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JwtClaims) : null;
  } catch {
    return null;
  }
}
