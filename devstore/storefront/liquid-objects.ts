import { gid } from "../model/ids.js";
import { toCents } from "../model/money.js";
import type { ShopState } from "../model/shop-state.js";
import type { ProductRecord, VariantRecord } from "../model/types.js";
import type { Cart } from "./cart.js";

/**
 * Shopify's Liquid objects (https://shopify.dev/docs/api/liquid/objects) for the dev store's records, as plain
 * objects: `product`, `variant`, `shop`, `cart`, `routes`. Prices are in cents, ids are numbers, as in Liquid.
 */

type MetafieldDrop = { value: unknown; type: string };
type Metafields = Record<string, Record<string, MetafieldDrop>>;

function typedValue(type: string, value: string): unknown {
  if (type === "json" || type.startsWith("list.")) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  if (type === "number_integer" || type === "number_decimal") return Number(value);
  if (type === "boolean") return value === "true";
  return value;
}

/**
 * `x.metafields[namespace][key]` with `.value` and `.type`. Liquid in a theme app extension addresses its app's
 * reserved namespace as `$app` / `$app:suffix`, which Shopify expands to `app--{appId}[--suffix]` for the app the
 * extension belongs to (https://shopify.dev/docs/apps/build/online-store/theme-app-extensions/configuration
 * #reserved-prefixes-for-metafields-and-metaobjects); `appId` is that app, or null for theme code.
 */
export function metafieldsOf(s: ShopState, ownerGid: string, appId: number | null): Metafields {
  const out: Metafields = {};
  for (const m of s.metafieldsOf(ownerGid)?.values() ?? []) {
    const drop = { value: typedValue(m.type, m.value), type: m.type };
    (out[m.namespace] ??= {})[m.key] = drop;
    if (appId === null) continue;
    const own = `app--${appId}`;
    const alias =
      m.namespace === own
        ? "$app"
        : m.namespace.startsWith(`${own}--`)
          ? `$app:${m.namespace.slice(own.length + 2)}`
          : null;
    if (alias) (out[alias] ??= {})[m.key] = drop;
  }
  return out;
}

/** Shopify: a variant can be bought when it is untracked, oversells (CONTINUE) or has stock. */
export function variantAvailable(s: ShopState, v: VariantRecord): boolean {
  const item = s.itemOf(v);
  return !item.tracked || v.inventoryPolicy === "CONTINUE" || s.inventoryQuantity(v) > 0;
}

/** `root` is the locale's URL prefix ("" or "/fr"), as Shopify prefixes every storefront URL of a language. */
export function variantObject(s: ShopState, v: VariantRecord, appId: number | null, root = "") {
  const product = s.products.get(v.productId)!;
  return {
    id: v.id,
    title: v.title,
    sku: v.sku,
    barcode: v.barcode,
    price: toCents(v.price),
    compare_at_price: v.compareAtPrice === null ? null : toCents(v.compareAtPrice),
    available: variantAvailable(s, v),
    inventory_policy: v.inventoryPolicy.toLowerCase(),
    inventory_management: s.itemOf(v).tracked ? "shopify" : null,
    inventory_quantity: s.inventoryQuantity(v),
    url: `${root}/products/${product.handle}?variant=${v.id}`,
    metafields: metafieldsOf(s, gid("ProductVariant", v.id), appId),
  };
}

export type VariantObject = ReturnType<typeof variantObject>;

export function productObject(
  s: ShopState,
  p: ProductRecord,
  appId: number | null,
  selectedVariantId: number | null = null,
  root = "",
) {
  const variants = p.variantIds.map((id) => variantObject(s, s.variants.get(id)!, appId, root));
  const selected = variants.find((v) => v.id === selectedVariantId) ?? null;
  const firstAvailable = variants.find((v) => v.available) ?? null;
  return {
    id: p.id,
    title: p.title,
    handle: p.handle,
    vendor: p.vendor,
    type: p.productType,
    tags: p.tags,
    url: `${root}/products/${p.handle}`,
    available: variants.some((v) => v.available),
    price: Math.min(...variants.map((v) => v.price)),
    has_only_default_variant: variants.length === 1 && variants[0]!.title === "Default Title",
    variants,
    selected_variant: selected,
    first_available_variant: firstAvailable,
    selected_or_first_available_variant: selected ?? firstAvailable ?? variants[0] ?? null,
    metafields: metafieldsOf(s, gid("Product", p.id), appId),
  };
}

export function shopObject(s: ShopState) {
  return {
    name: s.shop.name,
    email: s.shop.email,
    currency: s.shop.currency,
    permanent_domain: s.shop.domain,
    money_format: "{{amount}}",
    metafields: metafieldsOf(s, s.gid, null),
  };
}

export function cartObject(s: ShopState, cart: Cart | null, root = "") {
  const items = (cart?.lines ?? []).map((line) => {
    const v = s.variants.get(line.variantId)!;
    const p = s.products.get(v.productId)!;
    const price = toCents(v.price);
    return {
      key: String(line.id),
      id: v.id,
      variant_id: v.id,
      product_id: p.id,
      title: v.title === "Default Title" ? p.title : `${p.title} - ${v.title}`,
      product_title: p.title,
      variant_title: v.title === "Default Title" ? null : v.title,
      quantity: line.quantity,
      price,
      final_line_price: price * line.quantity,
      url: `${root}/products/${p.handle}?variant=${v.id}`,
      properties: Object.fromEntries(line.properties.map((prop) => [prop.name, prop.value])),
      sku: v.sku,
    };
  });
  return {
    token: cart?.token ?? null,
    item_count: items.reduce((n, i) => n + i.quantity, 0),
    items,
    total_price: items.reduce((n, i) => n + i.final_line_price, 0),
    currency: { iso_code: s.shop.currency },
    attributes: Object.fromEntries((cart?.attributes ?? []).map((a) => [a.name, a.value])),
    note: cart?.note ?? null,
  };
}

export function routes(root = "") {
  return {
    root_url: root || "/",
    cart_url: `${root}/cart`,
    cart_add_url: `${root}/cart/add`,
    cart_change_url: `${root}/cart/change`,
    all_products_collection_url: `${root}/collections/all`,
  };
}
