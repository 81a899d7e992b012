import type { InventoryPolicy } from "../../domain/selling-rules/index.js";
import type { MetafieldsSetInput } from "../../domain/storefront/index.js";
import { operation } from "./admin-client.js";

/**
 * The availability subsystem's Admin API operations. Page sizes keep every query under Shopify's 1000-point single-query
 * limit (REFERENCE 2.4): a variant with 5 locations × 5 scheduled changes costs 55 points, so 15 per query; a
 * product with 10 collections and 50 variants costs about 165, so 5 per page.
 */
export const VARIANTS_PER_QUERY = 15;
export const PRODUCTS_PER_PAGE = 5;
export const VARIANTS_PER_PRODUCT = 50;

type Money = string;

export interface VariantNode {
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

export interface ProductNode {
  id: string;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  tags: string[];
  collections?: { nodes: { id: string }[] };
  variants: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: VariantNode[] };
}

export interface StockNode {
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

export const LIVE_VARIANTS = operation<
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

export const TIME_ZONE = operation<{ shop: { ianaTimezone: string } }, Record<string, never>>(`#graphql
  query WaitwellShopTimeZone {
    shop {
      ianaTimezone
    }
  }
`);

export const SET_POLICIES = operation<
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

export const SET_METAFIELDS = operation<
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

export const CATALOG_PAGE = operation<
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

export const CATALOG_PRODUCTS = operation<
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

export const PRODUCT_VARIANTS_PAGE = operation<
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
