/**
 * The runtime of one checkout UI extension instance, inside its own iframe (Shopify runs each in a sandboxed worker;
 * the global `shopify` is all it can reach). It asks the checkout page (the host) for the state, builds `shopify`
 * from @preact/signals signals (the extension's Preact components subscribe to `.value` as in checkout), renders the
 * module, forwards `apply*` calls to the host and reports its height so the host can size the frame.
 *
 * Messages, same origin only: frame → host `{type:"ready"}`, `{type:"apply", id, method, change}`,
 * `{type:"resize", height}`; host → frame `{type:"state", state}`, `{type:"result", id, result}`.
 */
import { signal, type Signal } from "@preact/signals";
import { defineComponents } from "./components.js";
import type { FrameState } from "./protocol.js";

type Result = { type: "success" } | { type: "error"; message: string };

const SIGNALS = [
  "lines",
  "attributes",
  "appMetafields",
  "settings",
  "instructions",
  "note",
  "target",
  "order",
  "orderConfirmation",
  "checkoutToken",
] as const;

export function runExtension(main: () => unknown): void {
  defineComponents();
  const origin = window.location.origin;
  const pending = new Map<number, (result: Result) => void>();
  let nextId = 1;
  let signals: Record<(typeof SIGNALS)[number], Signal<unknown>> | null = null;
  let cost: Record<string, Signal<unknown>> | null = null;

  function call(method: string, change: unknown): Promise<Result> {
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      window.parent.postMessage({ type: "apply", id, method, change }, origin);
    });
  }

  window.addEventListener("message", (event: MessageEvent) => {
    if (event.source !== window.parent || event.origin !== origin) return;
    const message = event.data as { type: string; state?: FrameState; id?: number; result?: Result };
    if (message.type === "result" && message.id !== undefined) {
      pending.get(message.id)?.(message.result ?? { type: "error", message: "no result" });
      pending.delete(message.id);
    }
    if (message.type !== "state" || !message.state) return;
    const state = message.state;
    if (signals && cost) {
      for (const name of SIGNALS) signals[name].value = state[name];
      cost.subtotalAmount!.value = state.cost.subtotalAmount;
      cost.totalAmount!.value = state.cost.totalAmount;
      return;
    }
    const created = Object.fromEntries(SIGNALS.map((name) => [name, signal(state[name])])) as NonNullable<
      typeof signals
    >;
    signals = created;
    cost = {
      subtotalAmount: signal(state.cost.subtotalAmount),
      totalAmount: signal(state.cost.totalAmount),
      totalShippingAmount: signal(undefined),
      totalTaxAmount: signal(undefined),
    };
    (globalThis as unknown as { shopify: unknown }).shopify = createApi(state, created, cost, call);
    void Promise.resolve(main()).then(reportSize);
  });
  window.parent.postMessage({ type: "ready" }, origin);
}

function reportSize(): void {
  const send = () =>
    window.parent.postMessage(
      { type: "resize", height: Math.ceil(document.body.getBoundingClientRect().height) },
      window.location.origin,
    );
  new ResizeObserver(send).observe(document.body);
  send();
}

function createApi(
  state: FrameState,
  signals: Record<string, Signal<unknown>>,
  cost: Record<string, Signal<unknown>>,
  call: (method: string, change: unknown) => Promise<Result>,
) {
  const locale = state.i18n.locale;
  const unsupported = (what: string) => async (): Promise<Result> => ({
    type: "error",
    message: `${what} is not supported by the dev store`,
  });
  const storage = new Map<string, unknown>();
  return {
    ...signals,
    extensionPoint: state.extension.target,
    extension: {
      target: state.extension.target,
      apiVersion: state.extension.apiVersion,
      capabilities: signal([]),
      rendered: signal(true),
      scriptUrl: window.location.href,
      version: "dev",
      editor: undefined,
    },
    cost,
    shop: state.shop,
    localization: {
      language: signal({ isoCode: locale }),
      extensionLanguage: signal({ isoCode: locale }),
      currency: signal({ isoCode: state.currency }),
      country: signal({ isoCode: state.country }),
      timezone: signal("UTC"),
      market: signal(undefined),
    },
    i18n: {
      translate: (key: string, options: Record<string, unknown> = {}) =>
        translate(state.i18n.translations, locale, key, options),
      formatNumber: (n: number, o?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, o).format(n),
      formatCurrency: (n: number, o?: Intl.NumberFormatOptions) =>
        new Intl.NumberFormat(locale, { style: "currency", currency: state.currency, ...o }).format(n),
      formatDate: (d: Date, o?: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, o).format(d),
    },
    discountCodes: signal([]),
    discountAllocations: signal([]),
    appliedGiftCards: signal([]),
    deliveryGroups: signal([]),
    availablePaymentOptions: signal([]),
    selectedPaymentOptions: signal([]),
    buyerJourney: {
      intercept: () => () => undefined,
      completed: signal(false),
      activeStep: signal(undefined),
      steps: signal([]),
    },
    applyAttributeChange: (change: unknown) => call("applyAttributeChange", change),
    applyCartLinesChange: (change: unknown) => call("applyCartLinesChange", change),
    applyNoteChange: (change: unknown) => call("applyNoteChange", change),
    applyMetafieldChange: unsupported("applyMetafieldChange"),
    applyDiscountCodeChange: unsupported("applyDiscountCodeChange"),
    applyGiftCardChange: unsupported("applyGiftCardChange"),
    applyShippingAddressChange: unsupported("applyShippingAddressChange"),
    // network_access / api_access are the extension's to declare; the dev store offers neither.
    query: () => Promise.reject(new Error("The dev store's checkout has no Storefront API (api_access)")),
    sessionToken: {
      get: () => Promise.reject(new Error("The dev store's checkout issues no session tokens")),
    },
    storage: {
      read: async (key: string) => storage.get(key) ?? null,
      write: async (key: string, value: unknown) => void storage.set(key, value),
      delete: async (key: string) => void storage.delete(key),
    },
    analytics: { publish: async () => true, visitor: async () => ({ type: "success" }) },
  };
}

/** Shopify's `i18n.translate`: `{{name}}` placeholders, and plural keys (`one`, `other`…) chosen by `count`. */
function translate(
  tree: Record<string, unknown>,
  locale: string,
  key: string,
  options: Record<string, unknown>,
): string {
  const find = (k: string) =>
    k.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
  let entry = find(key);
  if (entry && typeof entry === "object" && typeof options.count === "number") {
    const form =
      options.count === 0 && find(`${key}.zero`)
        ? "zero"
        : new Intl.PluralRules(locale).select(options.count);
    entry = find(`${key}.${form}`) ?? find(`${key}.other`);
  }
  if (typeof entry !== "string") return key;
  return entry.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(options[name] ?? ""));
}
