import type { InventoryPolicy, ProductPolicyUpdate } from "../../domain/selling-rules/index.js";
import type { MetafieldsSetInput } from "../../domain/storefront/index.js";
import { parseGid, parseGids, type ProductGid, type ProductVariantGid } from "../../domain/shared/gid.js";
import { ShopifyApiError } from "../../errors.js";
import type { ShopDomain } from "../../use-cases/ports.js";
import type {
  LiveVariant,
  MirroredProduct,
  AvailabilityShopify,
} from "../../use-cases/availability/ports.js";
import { assertNoUserErrors, operation, type AdminClient } from "./admin-client.js";

/**
 * The availability subsystem's Admin API operations. Page sizes keep every query under Shopify's 1000-point single-query
 * limit (REFERENCE 2.4): a variant with 5 locations × 5 scheduled changes costs 55 points, so 15 per query; a
 * product with 10 collections and 50 variants costs about 165, so 5 per page.
 */
export const VARIANTS_PER_QUERY = 15;
const PRODUCTS_PER_PAGE = 5;
const VARIANTS_PER_PRODUCT = 50;

type Money = string;

interface VariantNode {
  id: string;
  title: string;
  sku: string | null;
  barcode: string | null;
  price: Money;
  inventoryPolicy: InventoryPolicy;
  inventoryQuantity: number | null;
  selectedOptions: { name: string; value: string }[];
  inventoryItem: { id: string; tracked: boolean };
}

interface ProductNode {
  id: string;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  tags: string[];
  collections?: { nodes: { id: string }[] };
  variants: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: VariantNode[] };
}

interface StockNode {
  tracked: boolean;
  inventoryLevels: {
    nodes: {
      quantities: { name: string; quantity: number }[];
      scheduledChanges: {
        nodes: { expectedAt: string; quantity: number; fromName: string; toName: string }[];
      };
    }[];
  };
}

const LIVE_VARIANTS = operation<
  {
    shop: { ianaTimezone: string };
    nodes: (null | {
      id?: string;
      inventoryPolicy?: InventoryPolicy;
      product?: { id: string };
      inventoryItem?: StockNode;
    })[];
  },
  { ids: string[] }
>(`#graphql
  query WaitwellAvailabilityVariants($ids: [ID!]!) {
    shop {
      ianaTimezone
    }
    nodes(ids: $ids) {
      ... on ProductVariant {
        id
        inventoryPolicy
        product {
          id
        }
        inventoryItem {
          tracked
          inventoryLevels(first: 5) {
            nodes {
              quantities(names: ["available", "incoming"]) {
                name
                quantity
              }
              scheduledChanges(first: 5) {
                nodes {
                  expectedAt
                  quantity
                  fromName
                  toName
                }
              }
            }
          }
        }
      }
    }
  }
`);

const TIME_ZONE = operation<{ shop: { ianaTimezone: string } }, Record<string, never>>(`#graphql
  query WaitwellShopTimeZone {
    shop {
      ianaTimezone
    }
  }
`);

const SET_POLICIES = operation<
  {
    productVariantsBulkUpdate: {
      productVariants: { id: string; inventoryPolicy: InventoryPolicy }[] | null;
      userErrors: { field: string[] | null; message: string; code: string | null }[];
    } | null;
  },
  { productId: string; variants: { id: string; inventoryPolicy: InventoryPolicy }[] }
>(`#graphql
  mutation WaitwellSetInventoryPolicies($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants) {
      productVariants {
        id
        inventoryPolicy
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

const SET_METAFIELDS = operation<
  {
    metafieldsSet: {
      metafields: { id: string }[] | null;
      userErrors: { field: string[] | null; message: string; code: string | null }[];
    } | null;
  },
  { metafields: MetafieldsSetInput[] }
>(`#graphql
  mutation WaitwellSetAvailabilityMetafields($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

/** The variant fields the catalog mirrors (a fragment, spliced into each operation that reads variants). */
const CATALOG_VARIANT = `#graphql
  fragment WaitwellCatalogVariant on ProductVariant {
    id
    title
    sku
    barcode
    price
    inventoryPolicy
    inventoryQuantity
    selectedOptions {
      name
      value
    }
    inventoryItem {
      id
      tracked
    }
  }
`;

/**
 * The product fields the catalog mirrors, read alike by the catalog page and by ids. Its operations declare
 * `$variants` (first page of variants) and `$withCollections`.
 */
const CATALOG_PRODUCT = `#graphql
  fragment WaitwellCatalogProduct on Product {
    id
    title
    handle
    vendor
    productType
    tags
    collections(first: 10) @include(if: $withCollections) {
      nodes {
        id
      }
    }
    variants(first: $variants) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...WaitwellCatalogVariant
      }
    }
  }
  ${CATALOG_VARIANT}
`;

const CATALOG_PAGE = operation<
  { products: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ProductNode[] } },
  { first: number; after: string | null; variants: number; withCollections: boolean }
>(`#graphql
  query WaitwellCatalogPage($first: Int!, $after: String, $variants: Int!, $withCollections: Boolean!) {
    products(first: $first, after: $after, sortKey: ID) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...WaitwellCatalogProduct
      }
    }
  }
  ${CATALOG_PRODUCT}
`);

const CATALOG_PRODUCTS = operation<
  { nodes: (null | Partial<ProductNode>)[] },
  { ids: string[]; variants: number; withCollections: boolean }
>(`#graphql
  query WaitwellCatalogProducts($ids: [ID!]!, $variants: Int!, $withCollections: Boolean!) {
    nodes(ids: $ids) {
      ... on Product {
        ...WaitwellCatalogProduct
      }
    }
  }
  ${CATALOG_PRODUCT}
`);

const PRODUCT_VARIANTS_PAGE = operation<
  {
    product: {
      variants: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: VariantNode[] };
    } | null;
  },
  { id: string; after: string; variants: number }
>(`#graphql
  query WaitwellProductVariantsPage($id: ID!, $after: String!, $variants: Int!) {
    product(id: $id) {
      variants(first: $variants, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...WaitwellCatalogVariant
        }
      }
    }
  }
  ${CATALOG_VARIANT}
`);

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
