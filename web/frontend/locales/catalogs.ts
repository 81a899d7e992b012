/// <reference types="vite/client" />
import { en } from "./en/index";

/** The languages the admin speaks; the storefront speaks the same four. */
export const LOCALES = ["en", "fr", "de", "es"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export type Messages = typeof en;
/** A namespace's messages, untyped: what a non-English file holds until the parity test has checked it. */
export type Catalog = Record<string, unknown>;

// Every `<locale>/<namespace>.json` file, bundled (the catalogues are small). A namespace is a file, so pages written
// in parallel never edit the same file.
const files = import.meta.glob<Catalog>("./*/*.json", { eager: true, import: "default" });

/** `{ locale: { namespace: messages } }` for every file found, English included. */
export const catalogs: Record<Locale, Catalog> = (() => {
  const byLocale = Object.fromEntries(LOCALES.map((locale) => [locale, {} as Catalog])) as Record<
    Locale,
    Catalog
  >;
  for (const [path, messages] of Object.entries(files)) {
    const match = /^\.\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, locale, namespace] = match;
    if (isLocale(locale) && namespace) byLocale[locale][namespace] = messages;
  }
  byLocale.en = en;
  return byLocale;
})();

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}
