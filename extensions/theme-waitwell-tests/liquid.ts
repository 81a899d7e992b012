/**
 * A liquidjs engine shaped like Shopify's for the Waitwell theme app extension: the `schema` tag (renders nothing,
 * keeps its JSON), snippets from ../theme-waitwell/snippets, and stubs for the Shopify filters the extension uses
 * (`t` reads the real locale files, with Shopify's `count` pluralisation; `money`; `asset_url`). `strictFilters`
 * makes any filter we forgot to stub fail the render instead of printing nothing.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { Liquid, Tag, TokenKind, type TagToken, type TopLevelToken } from "liquidjs";

export const EXTENSION_DIR = path.resolve(import.meta.dirname, "../theme-waitwell");

export class SchemaTag extends Tag {
  raw = "";
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
    super(token, remain, liquid);
    const parts: string[] = [];
    while (remain.length) {
      const t = remain.shift()!;
      if (t.kind === TokenKind.Tag && (t as TagToken).name === "endschema") {
        this.raw = parts.join("");
        return;
      }
      parts.push(t.getText());
    }
    throw new Error(`tag ${token.getText()} not closed`);
  }
  *render(): Generator<never, void, unknown> {}
}

export type Locale = "en" | "fr" | "de" | "es";
export const LOCALE_FILES: Record<Locale, string> = {
  en: "en.default.json",
  fr: "fr.json",
  de: "de.json",
  es: "es.json",
};

export function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
}

export function localeStrings(locale: Locale): Record<string, unknown> {
  return readJson(path.join(EXTENSION_DIR, "locales", LOCALE_FILES[locale]));
}

function lookup(tree: Record<string, unknown>, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => {
    if (node && typeof node === "object" && part in node) return (node as Record<string, unknown>)[part];
    throw new Error(`translation missing: ${key}`);
  }, tree);
}

export function createEngine(locale: Locale = "en"): Liquid {
  const strings = localeStrings(locale);
  const engine = new Liquid({
    root: [path.join(EXTENSION_DIR, "snippets")],
    extname: ".liquid",
    strictFilters: true,
    relativeReference: false,
  });
  engine.registerTag("schema", SchemaTag);
  engine.registerFilter("t", (key: string, ...args: Array<[string, unknown]>) => {
    const vars = Object.fromEntries(args);
    let entry = lookup(strings, key);
    if (entry && typeof entry === "object") {
      if (!("count" in vars)) throw new Error(`translation ${key} is plural but no count was given`);
      const plural = Number(vars.count) === 1 ? "one" : "other";
      entry = lookup(strings, `${key}.${plural}`);
    }
    if (typeof entry !== "string") throw new Error(`translation ${key} is not a string`);
    return entry.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
      if (!(name in vars)) throw new Error(`translation ${key} needs ${name}`);
      return String(vars[name]);
    });
  });
  engine.registerFilter("money", (cents: number) => `$${(Number(cents) / 100).toFixed(2)}`);
  engine.registerFilter(
    "asset_url",
    (file: string) => `https://cdn.shopify.test/extensions/waitwell/assets/${file}`,
  );
  return engine;
}

export function blockSource(name: string): string {
  return readFileSync(path.join(EXTENSION_DIR, "blocks", `${name}.liquid`), "utf8");
}

export function snippetSource(name: string): string {
  return readFileSync(path.join(EXTENSION_DIR, "snippets", `${name}.liquid`), "utf8");
}

export interface SchemaSetting {
  type: string;
  id?: string;
  label?: string;
  default?: unknown;
  content?: string;
}
export interface BlockSchema {
  name: string;
  target: string;
  javascript?: string;
  stylesheet?: string;
  settings: SchemaSetting[];
}

export function schemaOf(engine: Liquid, source: string): BlockSchema {
  const tag = engine.parse(source).find((t): t is SchemaTag => t instanceof SchemaTag);
  if (!tag) throw new Error("no {% schema %} tag");
  return JSON.parse(tag.raw) as BlockSchema;
}

/** block.settings as the theme editor gives them before a merchant changes anything. */
export function defaultSettings(schema: BlockSchema): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const s of schema.settings) if (s.id) settings[s.id] = s.default ?? null;
  return settings;
}

export function assetFiles(): string[] {
  return readdirSync(path.join(EXTENSION_DIR, "assets"));
}
