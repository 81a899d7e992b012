import { gid } from "../model/ids.js";
import { toCents } from "../model/money.js";
import type { ShopState } from "../model/shop-state.js";
import type { LineItemRecord, OrderRecord, VariantRecord } from "../model/types.js";
import type { AppMetafieldEntry, CheckoutLine, CheckoutState, ExtensionFrames } from "./browser/protocol.js";
import type { Cart } from "./cart.js";
import { extensionTranslations, type UiExtension } from "./checkout-extensions.js";

/**
 * The checkout API's data for a cart (the checkout) or an order (the thank-you page), per installed extension: its
 * settings from the checkout editor, its strings, and `appMetafields` — only the metafields its toml declares, for
 * the lines' variants and products and the shop, with app-owned namespaces given back in the `$app` format
 * (https://shopify.dev/docs/api/checkout-ui-extensions/latest/apis/metafields).
 */

export interface InstalledUiExtension {
  extension: UiExtension;
  appId: number;
  settings: Record<string, unknown>;
  /** Merchant-placed block targets that are placed; cart-line targets are always on. */
  placements: string[];
}

const LINE_TARGETS = new Set([
  "purchase.checkout.cart-line-item.render-after",
  "purchase.thank-you.cart-line-item.render-after",
]);

function money(cents: number, currencyCode: string) {
  return { amount: cents / 100, currencyCode };
}

function checkoutLine(
  s: ShopState,
  id: string,
  variant: VariantRecord,
  quantity: number,
  properties: { name: string; value: string }[],
): CheckoutLine {
  const product = s.products.get(variant.productId)!;
  return {
    id,
    quantity,
    merchandise: {
      type: "variant",
      id: gid("ProductVariant", variant.id),
      title: product.title,
      subtitle: variant.title === "Default Title" ? null : variant.title,
      selectedOptions: [],
      sku: variant.sku,
      requiresShipping: s.itemOf(variant).requiresShipping,
      product: { id: gid("Product", product.id), vendor: product.vendor, productType: product.productType },
    },
    attributes: properties.map((p) => ({ key: p.name, value: p.value })),
    cost: { totalAmount: money(toCents(variant.price) * quantity, s.shop.currency) },
    discountAllocations: [],
    lineComponents: [],
  };
}

function appMetafields(
  s: ShopState,
  installed: InstalledUiExtension,
  targets: string[],
  lines: CheckoutLine[],
  orderGid: string | null,
): AppMetafieldEntry[] {
  const declared = installed.extension.targeting
    .filter((t) => targets.includes(t.target))
    .flatMap((t) => t.metafields);
  const own = `app--${installed.appId}`;
  const wanted = (namespace: string, key: string) =>
    declared.find((d) => {
      const stored = d.namespace === "$app" ? own : d.namespace.replace(/^\$app:/, `${own}--`);
      return stored === namespace && d.key === key;
    });
  const owners: { type: string; id: string }[] = [
    ...new Map(
      lines.flatMap((l) => [
        [l.merchandise.id, { type: "variant", id: l.merchandise.id }],
        [l.merchandise.product.id, { type: "product", id: l.merchandise.product.id }],
      ]),
    ).values(),
    { type: "shop", id: s.gid },
    ...(orderGid ? [{ type: "order", id: orderGid }] : []),
  ];
  const entries: AppMetafieldEntry[] = [];
  for (const owner of owners) {
    for (const m of s.metafieldsOf(owner.id)?.values() ?? []) {
      const match = wanted(m.namespace, m.key);
      if (!match) continue;
      entries.push({
        target: owner,
        metafield: {
          namespace: match.namespace,
          key: m.key,
          value: m.value,
          type: m.type,
          valueType: m.type === "json" ? "json_string" : "string",
        },
      });
    }
  }
  return entries;
}

function frames(
  s: ShopState,
  installed: InstalledUiExtension[],
  page: CheckoutState["page"],
  lines: CheckoutLine[],
  locale: string,
  orderGid: string | null = null,
): ExtensionFrames[] {
  const prefix = page === "checkout" ? "purchase.checkout." : "purchase.thank-you.";
  return installed.map((i) => {
    const targets = i.extension.targeting
      .filter((t) => t.target.startsWith(prefix))
      .filter((t) => LINE_TARGETS.has(t.target) || i.placements.includes(t.target))
      .map((t) => ({
        target: t.target,
        entry: t.entry,
        kind: LINE_TARGETS.has(t.target) ? ("line" as const) : ("block" as const),
      }));
    return {
      handle: i.extension.handle,
      name: i.extension.name,
      apiVersion: i.extension.apiVersion,
      settings: i.settings,
      translations: extensionTranslations(i.extension, locale),
      appMetafields: appMetafields(
        s,
        i,
        targets.map((t) => t.target),
        lines,
        orderGid,
      ),
      targets,
    };
  });
}

const INSTRUCTIONS = (can: boolean): CheckoutState["instructions"] => ({
  attributes: { canUpdateAttributes: can },
  delivery: { canSelectCustomAddress: can },
  discounts: { canUpdateDiscountCodes: false },
  lines: { canAddCartLine: can, canRemoveCartLine: can, canUpdateCartLine: can },
  metafields: { canDeleteCartMetafield: false, canSetCartMetafields: false },
  notes: { canUpdateNote: can },
});

function base(s: ShopState, storefrontUrl: string, locale: string, lines: CheckoutLine[]) {
  const subtotal = lines.reduce((sum, l) => sum + Math.round(l.cost.totalAmount.amount * 100), 0);
  return {
    cost: { subtotalAmount: money(subtotal, s.shop.currency), totalAmount: money(subtotal, s.shop.currency) },
    shop: { id: s.gid, name: s.shop.name, myshopifyDomain: s.shop.domain, storefrontUrl },
    locale,
    currency: s.shop.currency,
    country: "US",
  };
}

export function checkoutState(
  s: ShopState,
  cart: Cart,
  installed: InstalledUiExtension[],
  options: { storefrontUrl: string; locale: string },
): CheckoutState {
  const lines = cart.lines.map((l) =>
    checkoutLine(s, gid("CartLine", l.id), s.variants.get(l.variantId)!, l.quantity, l.properties),
  );
  return {
    page: "checkout",
    lines,
    attributes: cart.attributes.map((a) => ({ key: a.name, value: a.value })),
    note: cart.note,
    instructions: INSTRUCTIONS(true),
    ...base(s, options.storefrontUrl, options.locale, lines),
    checkoutToken: { value: cart.token },
    order: null,
    orderConfirmation: null,
    extensions: frames(s, installed, "checkout", lines, options.locale),
  };
}

/** The thank-you page: the order's lines (their properties as attributes), nothing can change any more. */
export function thankYouState(
  s: ShopState,
  order: OrderRecord,
  lineItems: LineItemRecord[],
  installed: InstalledUiExtension[],
  options: { storefrontUrl: string; locale: string },
): CheckoutState {
  const lines = lineItems
    .filter((l) => l.variantId !== null && s.variants.has(l.variantId))
    .map((l) =>
      checkoutLine(s, gid("CartLine", l.id), s.variants.get(l.variantId!)!, l.quantity, l.properties),
    );
  return {
    page: "thank-you",
    lines,
    attributes: order.noteAttributes.map((a) => ({ key: a.name, value: a.value })),
    note: order.note,
    instructions: INSTRUCTIONS(false),
    ...base(s, options.storefrontUrl, options.locale, lines),
    checkoutToken: null,
    order: { id: gid("Order", order.id), name: order.name },
    orderConfirmation: {
      order: { id: gid("Order", order.id) },
      number: String(order.number),
      isFirstOrder:
        (order.customerId === null ? [] : (s.ordersByCustomer.get(order.customerId) ?? [])).length <= 1,
    },
    extensions: frames(s, installed, "thank-you", lines, options.locale, gid("Order", order.id)),
  };
}
