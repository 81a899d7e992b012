import { verifyHs256 } from "./jwt.js";

/**
 * Token exchange as in https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/token-exchange
 * (REFERENCE 4.2): the embedded app trades a session token for an offline access token. Refusals come back as a typed
 * result carrying Shopify's OAuth error body (`{error, error_description}`, HTTP 400), never as a throw.
 */

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

const SHOP_DOMAIN = /^[a-zA-Z0-9][a-zA-Z0-9-]*\.myshopify\.com$/;

export interface ExchangeApp {
  apiKey: string;
  apiSecret: string;
  scopes: string[];
}

export interface TokenExchangeDeps {
  findApp(apiKey: string): ExchangeApp | undefined;
  /** Installs (or re-installs) the app on the shop and returns its offline token; may throw for an unknown shop. */
  install(shop: string, app: ExchangeApp): { accessToken: string; scope: string };
  nowMs: number;
}

export type TokenExchangeResult =
  | { ok: true; shop: string; body: { access_token: string; scope: string } }
  | { ok: false; status: 400; body: { error: string; error_description: string } };

export function exchangeToken(request: unknown, deps: TokenExchangeDeps): TokenExchangeResult {
  const body = (typeof request === "object" && request !== null ? request : {}) as Record<string, unknown>;
  const field = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : undefined);

  const app = deps.findApp(field("client_id") ?? "");
  if (!app || field("client_secret") !== app.apiSecret) {
    return refuse(
      "invalid_client",
      "Client authentication failed: unknown client_id or wrong client_secret.",
    );
  }
  if (field("grant_type") !== TOKEN_EXCHANGE_GRANT) {
    return refuse("unsupported_grant_type", `grant_type must be ${TOKEN_EXCHANGE_GRANT}.`);
  }
  const subjectToken = field("subject_token");
  if (!subjectToken) return refuse("missing_subject_token", "");
  if (field("subject_token_type") !== ID_TOKEN_TYPE) {
    return refuse("invalid_request", `subject_token_type must be ${ID_TOKEN_TYPE}.`);
  }
  const requested = field("requested_token_type");
  if (requested === ONLINE_TOKEN_TYPE) {
    return refuse("invalid_request", "The dev store issues offline access tokens only.");
  }
  if (requested !== OFFLINE_TOKEN_TYPE) {
    return refuse("invalid_request", `requested_token_type must be ${OFFLINE_TOKEN_TYPE}.`);
  }

  const verified = verifyHs256(subjectToken, app.apiSecret, { nowSeconds: Math.floor(deps.nowMs / 1000) });
  const claims = verified.valid ? verified.claims : undefined;
  const shop = typeof claims?.dest === "string" ? claims.dest.replace(/^https:\/\//, "") : "";
  if (!claims || claims.aud !== app.apiKey || !SHOP_DOMAIN.test(shop)) {
    return refuse(
      "invalid_subject_token",
      "Token exchange cannot be performed due to an invalid subject token.",
    );
  }

  const installed = deps.install(shop, app);
  return { ok: true, shop, body: { access_token: installed.accessToken, scope: installed.scope } };
}

function refuse(error: string, description: string): TokenExchangeResult {
  return { ok: false, status: 400, body: { error, error_description: description } };
}
