/**
 * What the dev store's checkout page holds and hands each extension frame: the shapes of Shopify's checkout API
 * (`CartLine`, `Attribute`, `AppMetafieldEntry`, `CartInstructions`; @shopify/ui-extensions 2026-07), as JSON.
 */

export interface Money {
  amount: number;
  currencyCode: string;
}

export interface CheckoutLine {
  /** `gid://shopify/CartLine/{n}`: changes whenever the line changes, as in checkout. */
  id: string;
  quantity: number;
  merchandise: {
    type: "variant";
    id: string;
    title: string;
    subtitle: string | null;
    selectedOptions: { name: string; value: string }[];
    sku: string | null;
    requiresShipping: boolean;
    product: { id: string; vendor: string; productType: string };
  };
  attributes: { key: string; value: string }[];
  cost: { totalAmount: Money };
  discountAllocations: never[];
  lineComponents: never[];
}

export interface AppMetafieldEntry {
  target: { type: string; id: string };
  metafield: { namespace: string; key: string; value: string; type: string; valueType: string };
}

export interface ExtensionFrames {
  handle: string;
  name: string;
  apiVersion: string;
  settings: Record<string, unknown>;
  translations: Record<string, unknown>;
  appMetafields: AppMetafieldEntry[];
  /** `line` targets get a frame under every line; `block` targets one frame where the merchant placed them. */
  targets: { target: string; entry: string; kind: "line" | "block" }[];
}

export interface CheckoutState {
  page: "checkout" | "thank-you";
  lines: CheckoutLine[];
  attributes: { key: string; value: string }[];
  note: string | null;
  instructions: {
    attributes: { canUpdateAttributes: boolean };
    delivery: { canSelectCustomAddress: boolean };
    discounts: { canUpdateDiscountCodes: boolean };
    lines: { canAddCartLine: boolean; canRemoveCartLine: boolean; canUpdateCartLine: boolean };
    metafields: { canDeleteCartMetafield: boolean; canSetCartMetafields: boolean };
    notes: { canUpdateNote: boolean };
  };
  cost: { subtotalAmount: Money; totalAmount: Money };
  shop: { id: string; name: string; myshopifyDomain: string; storefrontUrl: string };
  locale: string;
  currency: string;
  country: string;
  checkoutToken: { value: string } | null;
  order: { id: string; name: string } | null;
  /** The thank-you page's `shopify.orderConfirmation`. */
  orderConfirmation: { order: { id: string }; number: string; isFirstOrder: boolean } | null;
  extensions: ExtensionFrames[];
}

/** One frame's `shopify` data: the checkout state, its extension's settings and strings, and its target. */
export interface FrameState {
  lines: CheckoutLine[];
  attributes: CheckoutState["attributes"];
  appMetafields: AppMetafieldEntry[];
  settings: Record<string, unknown>;
  instructions: CheckoutState["instructions"];
  note: string | null;
  target: CheckoutLine | undefined;
  order: CheckoutState["order"] | undefined;
  orderConfirmation: CheckoutState["orderConfirmation"] | undefined;
  checkoutToken: CheckoutState["checkoutToken"];
  cost: CheckoutState["cost"];
  shop: CheckoutState["shop"];
  currency: string;
  country: string;
  i18n: { locale: string; translations: Record<string, unknown> };
  extension: { target: string; apiVersion: string };
}
