import { gid } from "../model/ids.js";
import type { ShopState } from "../model/shop-state.js";
import type {
  InventoryItemRecord,
  InventoryLevelRecord,
  ProductRecord,
  VariantRecord,
} from "../model/types.js";
import { restTags, restTime } from "./format.js";

/** products/update: the REST Product (Shopify's sample: https://shopify.dev/docs/api/webhooks/2026-07?reference=toml#list-of-topics-products/update). */
export function productPayload(s: ShopState, product: ProductRecord): Record<string, unknown> {
  const tz = s.shop.ianaTimezone;
  const variants = product.variantIds.map((id) => s.variants.get(id)!);
  return {
    admin_graphql_api_id: gid("Product", product.id),
    body_html: "",
    created_at: restTime(product.createdAt, tz),
    handle: product.handle,
    id: product.id,
    product_type: product.productType,
    published_at: restTime(product.createdAt, tz),
    template_suffix: null,
    title: product.title,
    updated_at: restTime(product.updatedAt, tz),
    vendor: product.vendor,
    status: product.status.toLowerCase(),
    published_scope: "global",
    tags: restTags(product.tags),
    // "Product webhooks will return a full variants payload for the first 100 records" (topic description).
    variants: variants.slice(0, 100).map((v) => restVariant(s, v)),
    options: [
      {
        name: "Title",
        id: product.id,
        product_id: product.id,
        position: 1,
        values: variants.map((v) => v.title),
      },
    ],
    images: [],
    image: null,
    media: [],
    variant_gids: variants.map((v) => ({
      admin_graphql_api_id: gid("ProductVariant", v.id),
      updated_at: v.updatedAt.toISOString(),
    })),
    has_variants_that_requires_components: false,
    category: null,
  };
}

/**
 * Reading the current inventory quantity also advances `oldInventoryQuantity`, so the next products/update reports
 * this one as "old", which is how Shopify fills `old_inventory_quantity`.
 */
function restVariant(s: ShopState, v: VariantRecord): Record<string, unknown> {
  const tz = s.shop.ianaTimezone;
  const quantity = s.inventoryQuantity(v);
  const old = v.oldInventoryQuantity;
  v.oldInventoryQuantity = quantity;
  return {
    admin_graphql_api_id: gid("ProductVariant", v.id),
    barcode: v.barcode,
    compare_at_price: v.compareAtPrice,
    created_at: restTime(v.createdAt, tz),
    id: v.id,
    inventory_policy: v.inventoryPolicy.toLowerCase(),
    position: v.position,
    price: v.price,
    product_id: v.productId,
    sku: v.sku,
    taxable: v.taxable,
    title: v.title,
    updated_at: restTime(v.updatedAt, tz),
    option1: v.title,
    option2: null,
    option3: null,
    image_id: null,
    inventory_item_id: v.inventoryItemId,
    inventory_quantity: quantity,
    old_inventory_quantity: old,
  };
}

/** inventory_items/update (Shopify's sample: https://shopify.dev/docs/api/webhooks/2026-07?reference=toml#list-of-topics-inventory_items/update). */
export function inventoryItemPayload(s: ShopState, item: InventoryItemRecord): Record<string, unknown> {
  const tz = s.shop.ianaTimezone;
  return {
    id: item.id,
    sku: item.sku ?? "",
    created_at: restTime(item.createdAt, tz),
    updated_at: restTime(item.updatedAt, tz),
    requires_shipping: item.requiresShipping,
    cost: item.cost,
    country_code_of_origin: item.countryCodeOfOrigin,
    province_code_of_origin: null,
    harmonized_system_code: item.harmonizedSystemCode,
    tracked: item.tracked,
    country_harmonized_system_codes: [],
    weight_value: 0,
    weight_unit: "lb",
    admin_graphql_api_id: gid("InventoryItem", item.id),
  };
}

export function inventoryLevelGid(level: InventoryLevelRecord): string {
  return gid("InventoryLevel", level.locationId, { inventory_item_id: level.inventoryItemId });
}

/** inventory_levels/update carries `available` only; committed, on_hand and incoming must be queried. */
export function inventoryLevelPayload(s: ShopState, level: InventoryLevelRecord): Record<string, unknown> {
  return {
    inventory_item_id: level.inventoryItemId,
    location_id: level.locationId,
    available: level.quantities.available,
    updated_at: restTime(level.updatedAt, s.shop.ianaTimezone),
    admin_graphql_api_id: inventoryLevelGid(level),
  };
}
