/**
 * A fake `shopify` global for running the extension modules in jsdom: every subscribable API is an @preact/signals
 * `signal()` (so setting `.value` re-renders, as in checkout), translations come from the real locale files, apply*
 * are spies that resolve like Shopify does.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { signal } from "@preact/signals";
import { vi } from "vitest";

export type Locale = "en.default" | "fr" | "de" | "es";

export function translations(locale: Locale): Record<string, unknown> {
  return JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../locales/${locale}.json`), "utf8"));
}

export function variantGid(id: number) {
  return `gid://shopify/ProductVariant/${id}`;
}

export function cartLine(
  n: number,
  variantId: number,
  title: string,
  subtitle = "",
  attributes: { key: string; value: string }[] = [],
) {
  return {
    id: `gid://shopify/CartLine/${n}`,
    quantity: 1,
    merchandise: {
      type: "variant",
      id: variantGid(variantId),
      title,
      subtitle,
      selectedOptions: [],
      product: { id: "gid://shopify/Product/1" },
    },
    attributes,
    cost: { totalAmount: { amount: 10, currencyCode: "EUR" } },
    discountAllocations: [],
    lineComponents: [],
  };
}

export function availabilityEntry(variantId: number, value: unknown) {
  return {
    target: { type: "variant", id: variantGid(variantId) },
    metafield: {
      namespace: "$app",
      key: "availability",
      value: JSON.stringify(value),
      type: "json",
      valueType: "json_string",
    },
  };
}

export function orderGid(id: number) {
  return `gid://shopify/Order/${id}`;
}

/** Waitwell's order metafield as `appMetafields` gives it on the order status page. */
export function orderEntry(orderId: number, value: unknown) {
  return {
    target: { type: "order", id: orderGid(orderId) },
    metafield: {
      namespace: "$app",
      key: "backorder",
      value: JSON.stringify(value),
      type: "json",
      valueType: "json_string",
    },
  };
}

export function installShopify(options: {
  lines?: ReturnType<typeof cartLine>[];
  target?: ReturnType<typeof cartLine>;
  appMetafields?: (ReturnType<typeof availabilityEntry> | ReturnType<typeof orderEntry>)[];
  order?: { id: string; name: string; cancelledAt?: string };
  /** The thank-you page's order (`shopify.orderConfirmation`). */
  orderConfirmation?: { order: { id: string }; isFirstOrder: boolean };
  settings?: Record<string, unknown>;
  canUpdateCartLine?: boolean;
  canUpdateAttributes?: boolean;
  locale?: Locale;
  intlLocale?: string;
}) {
  const strings = translations(options.locale ?? "en.default");
  const intlLocale = options.intlLocale ?? "en-GB";
  const translate = vi.fn((key: string, vars: Record<string, unknown> = {}) => {
    const value = key
      .split(".")
      .reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], strings);
    if (typeof value !== "string") throw new Error(`missing translation ${key}`);
    return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      if (!(name in vars)) throw new Error(`${key} needs ${name}`);
      return String(vars[name]);
    });
  });
  const api = {
    lines: signal(options.lines ?? []),
    target: signal(options.target),
    appMetafields: signal(options.appMetafields ?? []),
    order: signal(options.order),
    orderConfirmation: signal(options.orderConfirmation),
    settings: signal(options.settings ?? {}),
    attributes: signal<{ key: string; value: string }[]>([]),
    instructions: signal({
      attributes: { canUpdateAttributes: options.canUpdateAttributes ?? true },
      lines: {
        canAddCartLine: true,
        canRemoveCartLine: true,
        canUpdateCartLine: options.canUpdateCartLine ?? true,
      },
    }),
    i18n: {
      translate,
      formatDate: (date: Date, o?: Intl.DateTimeFormatOptions) =>
        new Intl.DateTimeFormat(intlLocale, o).format(date),
      formatNumber: (n: number) => new Intl.NumberFormat(intlLocale).format(n),
      formatCurrency: (n: number) =>
        new Intl.NumberFormat(intlLocale, { style: "currency", currency: "EUR" }).format(n),
    },
    applyCartLinesChange: vi.fn(async () => ({ type: "success" as const })),
    applyAttributeChange: vi.fn(async (change: { type: string; key: string; value?: string }) => {
      api.attributes.value =
        change.type === "updateAttribute"
          ? [
              ...api.attributes.value.filter((a) => a.key !== change.key),
              { key: change.key, value: change.value! },
            ]
          : api.attributes.value.filter((a) => a.key !== change.key);
      return { type: "success" as const };
    }),
  };
  (globalThis as unknown as { shopify: typeof api }).shopify = api;
  return api;
}

export const tick = () => new Promise((r) => setTimeout(r, 0));

/** Runs one extension module against the installed fake `shopify`, as the host does: it renders into the body. */
export async function mount(
  module: "CartLineEta" | "BackorderSummary" | "ThankYouEta" | "OrderStatusEta",
): Promise<void> {
  vi.resetModules();
  const modules = {
    CartLineEta: () => import("../src/CartLineEta"),
    BackorderSummary: () => import("../src/BackorderSummary"),
    ThankYouEta: () => import("../src/ThankYouEta"),
    OrderStatusEta: () => import("../src/OrderStatusEta"),
  };
  const mod = await modules[module]();
  await mod.default();
  await tick();
}
