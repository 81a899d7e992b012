import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "./catalogs";

/**
 * The first of `candidates` (BCP 47 tags, most wanted first) that the admin speaks, matched on the language
 * ("fr-CA" → fr); English when none is.
 */
export function pickLocale(candidates: ReadonlyArray<string | null | undefined>): Locale {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const language = candidate.trim().toLowerCase().split(/[-_]/)[0];
    if (isLocale(language)) return language;
  }
  return DEFAULT_LOCALE;
}

/**
 * The merchant's language, in order: the `locale` query parameter Shopify admin adds to an embedded app's URL
 * (https://shopify.dev/docs/apps/build/localize-your-app#step-3-detect-the-users-locale), App Bridge's
 * `shopify.config.locale`, the shop's primary locale when known, then the browser's languages.
 */
export function detectLocale(scope: Window, shopLocale?: string | null): Locale {
  const fromUrl = new URLSearchParams(scope.location.search).get("locale");
  const config = (scope as { shopify?: { config?: { locale?: unknown } } }).shopify?.config;
  const fromAppBridge = typeof config?.locale === "string" ? config.locale : null;
  return pickLocale([fromUrl, fromAppBridge, shopLocale, ...(scope.navigator?.languages ?? [])]);
}

export { LOCALES, type Locale };
