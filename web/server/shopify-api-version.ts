/**
 * The one Admin API version Waitwell speaks. `shopify.app.toml` ([webhooks] api_version), the extension tomls and
 * the dev store are checked against this constant by test/api-version.test.ts, so a bump happens in one place.
 */
export const ADMIN_API_VERSION = "2026-07";
