import type { ShopDomain } from "../../use-cases/ports.js";
import type { PickerProduct, ProductSearch } from "../../use-cases/availability/ports.js";
import { operation, type AdminClient } from "./admin-client.js";

/** A page of the picker: 10 products × 20 variants stays far under Shopify's single-query cost limit. */
export const PICKER_PAGE = 10;
const PICKER_VARIANTS = 20;

const PICKER_PRODUCTS = operation<
  {
    products: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: {
        id: string;
        title: string;
        vendor: string;
        variants: {
          nodes: {
            id: string;
            title: string;
            sku: string | null;
            price: string;
            inventoryQuantity: number | null;
          }[];
        };
      }[];
    };
  },
  { query: string | null; first: number; after: string | null; variants: number }
>(`#graphql
  query WaitwellPickerProducts($query: String, $first: Int!, $after: String, $variants: Int!) {
    products(first: $first, after: $after, query: $query, sortKey: TITLE) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        title
        vendor
        variants(first: $variants) {
          nodes {
            id
            title
            sku
            price
            inventoryQuantity
          }
        }
      }
    }
  }
`);

/**
 * The admin's product and variant picker outside Shopify admin (local mode has no App Bridge resource picker): the
 * merchant's words go to Shopify's own product search (https://shopify.dev/docs/api/usage/search-syntax), a page at
 * a time, sorted by title.
 */
export function createProductSearch(client: AdminClient): ProductSearch {
  return {
    async searchProducts(shop: ShopDomain, input) {
      const data = await client.request(shop, PICKER_PRODUCTS, {
        query: input.query.trim() === "" ? null : input.query,
        first: PICKER_PAGE,
        after: input.after,
        variants: PICKER_VARIANTS,
      });
      const products: PickerProduct[] = data.products.nodes.map((p) => ({
        productId: p.id,
        title: p.title,
        vendor: p.vendor || null,
        variants: p.variants.nodes.map((v) => ({
          variantId: v.id,
          title: v.title,
          sku: v.sku || null,
          price: v.price,
          available: v.inventoryQuantity,
        })),
      }));
      const { hasNextPage, endCursor } = data.products.pageInfo;
      return { products, nextCursor: hasNextPage ? endCursor : null };
    },
  };
}
