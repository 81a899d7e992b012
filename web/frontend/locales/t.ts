import en from "./en.json";

type Messages = typeof en;

/** Every dotted path to a string in en.json, e.g. "inbox.columns.topic". */
type Leaves<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type MessageKey = Leaves<Messages>;
export type MessageValues = Record<string, string | number>;

/**
 * Looks up a message and fills `{name}` placeholders. The key type comes from en.json, so a typo fails `tsc`;
 * other locales can later be added as files with the same shape.
 */
export function t(key: MessageKey, values: MessageValues = {}): string {
  let node: unknown = en;
  for (const part of key.split(".")) node = (node as Record<string, unknown>)[part];
  if (typeof node !== "string") throw new Error(`missing message ${key}`);
  return node.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in values ? String(values[name]) : placeholder,
  );
}

/** For keys chosen at run time (an API status, an error code): the key if en.json has it. */
export function hasMessage(key: string): key is MessageKey {
  let node: unknown = en;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string";
}

const pluralRules = new Intl.PluralRules("en");

/** The plural form of `count` that en.json keys use (`{ "one": …, "other": … }`). */
export function plural(count: number): "one" | "other" {
  return pluralRules.select(count) === "one" ? "one" : "other";
}
