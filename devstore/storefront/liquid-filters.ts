import type { Liquid } from "liquidjs";
import type { FilterImpl } from "liquidjs/dist/template/filter-impl-options.js";

/**
 * The Shopify Liquid filters the storefront's templates and theme app extensions use
 * (https://shopify.dev/docs/api/liquid/filters), on top of liquidjs' standard ones.
 */

export interface MoneyFormat {
  currency: string;
}

/** The shop's currency, from the render's `shop` object (USD when a template has none). */
function shopCurrency(filter: FilterImpl): MoneyFormat {
  const currency = filter.context.getSync(["shop", "currency"]);
  return { currency: typeof currency === "string" ? currency : "USD" };
}

const SYMBOLS: Record<string, string> = { USD: "$", CAD: "$", AUD: "$", EUR: "€", GBP: "£", JPY: "¥" };

/** `money`: an amount in cents, in the shop's format (`${{amount}}` for USD; other currencies get their code). */
export function formatMoney(cents: unknown, format: MoneyFormat): string {
  const amount = (Number(cents) || 0) / 100;
  const digits = format.currency === "JPY" ? 0 : 2;
  const number = amount.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  const symbol = SYMBOLS[format.currency];
  return symbol ? `${symbol}${number}` : `${number} ${format.currency}`;
}

/** Shopify's `json` escapes `<`, `>` and `&` (Rails' JSON encoding), so a value can sit inside a `<script>`. */
export function toJson(value: unknown): string {
  return (JSON.stringify(value ?? null) ?? "null")
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026");
}

function lookup(tree: Record<string, unknown>, key: string): unknown {
  return key
    .split(".")
    .reduce<unknown>(
      (node, part) =>
        node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined,
      tree,
    );
}

/**
 * `t`: the first translation tree that has the key wins (the shop's language, then the default locale). A key whose
 * entry is an object is plural and picks `zero` (when present and count is 0), `one` or `other` by `count`.
 * A missing key renders as Shopify does: "translation missing: en.key".
 */
export function translate(
  trees: Record<string, unknown>[],
  key: string,
  vars: Record<string, unknown>,
  locale = "en",
): string {
  for (const tree of trees) {
    let entry = lookup(tree, key);
    if (entry && typeof entry === "object" && "count" in vars) {
      const count = Number(vars.count);
      const form = count === 0 && lookup(tree, `${key}.zero`) ? "zero" : count === 1 ? "one" : "other";
      entry = lookup(tree, `${key}.${form}`);
    }
    if (typeof entry === "string")
      return entry.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(vars[name] ?? ""));
  }
  return `translation missing: ${locale}.${key}`;
}

export function registerShopifyFilters(
  engine: Liquid,
  options: {
    translations?: Record<string, unknown>[];
    assetUrl?: (file: string) => string;
  },
): void {
  const trees = options.translations ?? [];
  engine.registerFilter("t", (key: string, ...args: Array<[string, unknown]>) =>
    translate(trees, String(key), Object.fromEntries(args.filter(Array.isArray))),
  );
  engine.registerFilter("money", function (this: FilterImpl, cents: unknown) {
    return formatMoney(cents, shopCurrency(this));
  });
  engine.registerFilter("money_with_currency", function (this: FilterImpl, cents: unknown) {
    const money = shopCurrency(this);
    const text = formatMoney(cents, money);
    return text.endsWith(money.currency) ? text : `${text} ${money.currency}`;
  });
  engine.registerFilter("json", (value: unknown) => toJson(value));
  const assetUrl = options.assetUrl;
  if (assetUrl) engine.registerFilter("asset_url", (file: string) => assetUrl(String(file)));
  engine.registerFilter(
    "script_tag",
    (url: string) => `<script src="${escapeAttr(String(url))}" type="text/javascript"></script>`,
  );
  engine.registerFilter(
    "stylesheet_tag",
    (url: string) =>
      `<link href="${escapeAttr(String(url))}" rel="stylesheet" type="text/css" media="all" />`,
  );
}

export function escapeAttr(value: string): string {
  return value.replace(/[&"<>']/g, (c) => `&#${c.charCodeAt(0)};`);
}
