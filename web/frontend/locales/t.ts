import { catalogs, DEFAULT_LOCALE, type Locale, type Messages } from "./catalogs";

/** Every dotted path to a string in the English files, e.g. "inbox.columns.topic" (namespace, then path). */
type Leaves<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type MessageKey = Leaves<Messages>;
export type MessageValues = Record<string, string | number>;

let active: Locale = DEFAULT_LOCALE;
let pluralRules = new Intl.PluralRules(active);

/**
 * The locale t(), plural() and the formatters use. Set once before the first render (main.tsx) and by <I18nProvider>
 * when it changes; Shopify reloads an embedded app when the merchant switches the admin's language.
 */
export function setActiveLocale(locale: Locale): void {
  if (locale === active) return;
  active = locale;
  pluralRules = new Intl.PluralRules(locale);
}

export function activeLocale(): Locale {
  return active;
}

function lookup(locale: Locale, key: string): string | undefined {
  let node: unknown = catalogs[locale];
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

/**
 * Looks up a message in the active locale (English when that locale lacks it, which the parity test forbids) and
 * fills `{name}` placeholders. The key type comes from the English files, so a typo fails `tsc`.
 */
export function t(key: MessageKey, values: MessageValues = {}): string {
  const message = lookup(active, key) ?? lookup(DEFAULT_LOCALE, key);
  if (message === undefined) throw new Error(`missing message ${key}`);
  return message.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in values ? String(values[name]) : placeholder,
  );
}

/** For keys chosen at run time (an API status, an error code): the key if the English files have it. */
export function hasMessage(key: string): key is MessageKey {
  return lookup(DEFAULT_LOCALE, key) !== undefined;
}

/**
 * The plural form of `count` that plural keys use (`{ "one": …, "other": … }`) in the active locale: French says
 * "one" for 0 and 1; forms beyond these two (CLDR "many" for large numbers in French and Spanish) read as "other".
 */
export function plural(count: number): "one" | "other" {
  return pluralRules.select(count) === "one" ? "one" : "other";
}
