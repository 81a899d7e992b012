import type { InventoryPolicy, ProductPolicyUpdate } from "../../domain/selling-rules/index.js";
import { parseGid, parseGids, type ProductGid, type ProductVariantGid } from "../../domain/shared/gid.js";
import { ShopifyApiError } from "../../errors.js";
import type { ShopDomain } from "../../use-cases/ports.js";
import type {
  LiveVariant,
  MirroredProduct,
  AvailabilityShopify,
} from "../../use-cases/availability/ports.js";
import { assertNoUserErrors, type AdminClient } from "./admin-client.js";
import {
  CATALOG_PAGE,
  CATALOG_PRODUCTS,
  LIVE_VARIANTS,
  PRODUCT_VARIANTS_PAGE,
  PRODUCTS_PER_PAGE,
  SET_METAFIELDS,
  SET_POLICIES,
  TIME_ZONE,
  VARIANTS_PER_PRODUCT,
  VARIANTS_PER_QUERY,
  type ProductNode,
  type StockNode,
  type VariantNode,
} from "./availability-operations.js";

/** The availability subsystem's adapter: its Admin API operations (availability-operations.ts) mapped to domain types. */
export interface AvailabilityShopifyOptions {
  client: AdminClient;
  /**
   * Read `Product.collections` (collection rules, substitutes by collection). Off only against a store that does not
   * serve it (the local dev store answers NOT_IMPLEMENTED).
   */
  readCollections: boolean;
}

export function createAvailabilityShopify(options: AvailabilityShopifyOptions): AvailabilityShopify {
  const { client, readCollections } = options;

  async function completeVariants(shop: ShopDomain, product: ProductNode): Promise<VariantNode[]> {
    const variants = [...product.variants.nodes];
    let page = product.variants.pageInfo;
    while (page.hasNextPage && page.endCursor) {
      const data = await client.request(shop, PRODUCT_VARIANTS_PAGE, {
        id: product.id,
        after: page.endCursor,
        variants: VARIANTS_PER_PRODUCT,
      });
      if (!data.product) break; // deleted while we were reading it
      variants.push(...data.product.variants.nodes);
      page = data.product.variants.pageInfo;
    }
    return variants;
  }

  async function toProduct(shop: ShopDomain, node: ProductNode): Promise<Omit<MirroredProduct, "asOf">> {
    const variants = await completeVariants(shop, node);
    return {
      productId: parseGid("Product", node.id, "product.id"),
      title: node.title,
      handle: node.handle,
      vendor: node.vendor === "" ? null : node.vendor,
      productType: node.productType === "" ? null : node.productType,
      tags: node.tags,
      collectionIds: parseGids("Collection", node.collections?.nodes.map((c) => c.id) ?? [], "collections"),
      variants: variants.map((v) => ({
        variantId: parseGid("ProductVariant", v.id, "productVariant.id"),
        title: v.title,
        sku: v.sku === "" ? null : v.sku,
        barcode: v.barcode === "" ? null : v.barcode,
        price: v.price,
        inventoryPolicy: v.inventoryPolicy,
        inventoryItemId: parseGid("InventoryItem", v.inventoryItem.id, "inventoryItem.id"),
        tracked: v.inventoryItem.tracked,
        available: v.inventoryQuantity ?? 0,
        options: v.selectedOptions.map((o) => ({ name: o.name, value: o.value })),
      })),
    };
  }

  return {
    async readTimeZone(shop) {
      return (await client.request(shop, TIME_ZONE, {})).shop.ianaTimezone;
    },

    async readVariants(shop, variantIds) {
      const variants: LiveVariant[] = [];
      let timeZone = "UTC";
      const ids = [...new Set(variantIds)];
      for (let i = 0; i < Math.max(ids.length, 1); i += VARIANTS_PER_QUERY) {
        const data = await client.request(shop, LIVE_VARIANTS, { ids: ids.slice(i, i + VARIANTS_PER_QUERY) });
        timeZone = data.shop.ianaTimezone;
        for (const node of data.nodes) {
          if (!node?.id || !node.inventoryItem || !node.product || !node.inventoryPolicy) continue;
          variants.push(
            liveVariant(
              parseGid("ProductVariant", node.id, "productVariant.id"),
              parseGid("Product", node.product.id, "product.id"),
              node.inventoryPolicy,
              node.inventoryItem,
            ),
          );
        }
      }
      return { timeZone, variants };
    },

    async updateInventoryPolicies(shop, update: ProductPolicyUpdate) {
      const data = await client.request(shop, SET_POLICIES, {
        productId: update.productId,
        variants: update.variants.map((v) => ({ id: v.id, inventoryPolicy: v.inventoryPolicy })),
      });
      if (!data.productVariantsBulkUpdate) {
        throw new ShopifyApiError(`${SET_POLICIES.name}: no payload for ${update.productId}`);
      }
      assertNoUserErrors(SET_POLICIES.name, data.productVariantsBulkUpdate);
    },

    async setMetafields(shop, metafields) {
      if (metafields.length === 0) return;
      const data = await client.request(shop, SET_METAFIELDS, { metafields });
      if (!data.metafieldsSet) throw new ShopifyApiError(`${SET_METAFIELDS.name}: no payload`);
      assertNoUserErrors(SET_METAFIELDS.name, data.metafieldsSet);
    },

    async readCatalogPage(shop, cursor) {
      const data = await client.request(shop, CATALOG_PAGE, {
        first: PRODUCTS_PER_PAGE,
        after: cursor,
        variants: VARIANTS_PER_PRODUCT,
        withCollections: readCollections,
      });
      const products = [];
      for (const node of data.products.nodes) products.push(await toProduct(shop, node));
      const { hasNextPage, endCursor } = data.products.pageInfo;
      return { products, nextCursor: hasNextPage ? endCursor : null };
    },

    async readProducts(shop, productIds) {
      const products = [];
      const ids = [...new Set(productIds)];
      for (let i = 0; i < ids.length; i += PRODUCTS_PER_PAGE) {
        const data = await client.request(shop, CATALOG_PRODUCTS, {
          ids: ids.slice(i, i + PRODUCTS_PER_PAGE),
          variants: VARIANTS_PER_PRODUCT,
          withCollections: readCollections,
        });
        for (const node of data.nodes) {
          if (node?.id && node.variants) products.push(await toProduct(shop, node as ProductNode));
        }
      }
      return products;
    },
  };
}

/**
 * Stock summed over the locations read. Shopify's `incoming` counts every unit on its way; `scheduledChanges` date
 * some of them. What `incoming` holds beyond the dated units comes back without a date, so the ETA engine can say
 * "incoming, date unknown" instead of promising a day nobody gave.
 */
function liveVariant(
  variantId: ProductVariantGid,
  productId: ProductGid,
  inventoryPolicy: InventoryPolicy,
  item: StockNode,
): LiveVariant {
  let available = 0;
  const incoming: LiveVariant["incoming"] = [];
  for (const level of item.inventoryLevels.nodes) {
    const quantity = (name: string) => level.quantities.find((q) => q.name === name)?.quantity ?? 0;
    available += quantity("available");
    let dated = 0;
    for (const change of level.scheduledChanges.nodes) {
      if (change.fromName !== "incoming" || change.quantity <= 0) continue;
      incoming.push({ expectedAt: change.expectedAt, quantity: change.quantity });
      dated += change.quantity;
    }
    const undated = quantity("incoming") - dated;
    if (undated > 0) incoming.push({ expectedAt: null, quantity: undated });
  }
  return { variantId, productId, inventoryPolicy, tracked: item.tracked, available, incoming };
}
