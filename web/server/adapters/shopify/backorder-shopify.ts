import { parseGid, type ProductVariantGid } from "../../domain/shared/gid.js";
import { ShopifyApiError } from "../../errors.js";
import type { ShopDomain } from "../../use-cases/ports.js";
import type {
  BackorderShopify,
  BackorderWrite,
  ShopifyOrderForSync,
} from "../../use-cases/backorder/shopify-port.js";
import { assertNoUserErrors, operation, type AdminClient } from "./admin-client.js";

/**
 * The backorder engine's Admin API operations: one read per order, one mutation request per fulfillment order.
 * `nodes(ids:)` accepts up to 250 ids; 100 per request keeps the variants read at about 300 points.
 */
const VARIANTS_PER_READ = 100;
export const METAFIELD_NAMESPACE = "$app"; // declared in shopify.app.toml ([order.metafields.app.backorder])
export const METAFIELD_KEY = "backorder";

const VARIANTS_FOR_ENGINE = operation<
  {
    nodes: (null | {
      id?: string;
      inventoryPolicy?: "DENY" | "CONTINUE";
      product?: { id: string };
      inventoryItem?: { id: string; tracked: boolean };
    })[];
  },
  { ids: string[] }
>(`#graphql
  query WaitwellVariantsForEngine($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on ProductVariant {
        id
        inventoryPolicy
        product {
          id
        }
        inventoryItem {
          id
          tracked
        }
      }
    }
  }
`);

/**
 * Requested cost grows with `first:` on each connection (REFERENCE 2.4): 5 fulfillment orders × 50 line items asked
 * 574 points for about 40 used, and Shopify refuses a query whose requested cost exceeds what the bucket holds. So the
 * read asks for what the order is likely to have (most orders have one or two fulfillment orders, and no more line
 * items than lines), and reads again at the larger size when a connection says it has more.
 */
const FIRST_READ_FULFILLMENT_ORDERS = 2;
const FULL_READ = { fulfillmentOrders: 10, lineItems: 100 };
const ORDER_FOR_SYNC = operation<
  {
    order: null | {
      tags: string[];
      metafield: { value: string } | null;
      fulfillmentOrders: {
        nodes: {
          id: string;
          status: string;
          fulfillmentHolds: { id: string; handle: string | null; heldByRequestingApp: boolean }[];
          lineItems: {
            nodes: { id: string; remainingQuantity: number; lineItem: { id: string } }[];
            pageInfo: { hasNextPage: boolean };
          };
        }[];
        pageInfo: { hasNextPage: boolean };
      };
    };
  },
  { id: string; fulfillmentOrders: number; lineItems: number }
>(`#graphql
  query WaitwellOrderForSync($id: ID!, $fulfillmentOrders: Int!, $lineItems: Int!) {
    order(id: $id) {
      tags
      metafield(namespace: "$app", key: "backorder") {
        value
      }
      fulfillmentOrders(first: $fulfillmentOrders) {
        pageInfo {
          hasNextPage
        }
        nodes {
          id
          status
          fulfillmentHolds {
            id
            handle
            heldByRequestingApp
          }
          lineItems(first: $lineItems) {
            pageInfo {
              hasNextPage
            }
            nodes {
              id
              remainingQuantity
              lineItem {
                id
              }
            }
          }
        }
      }
    }
  }
`);

interface UserErrors {
  userErrors: { field?: string[] | null; message: string; code?: string | null }[];
}

/**
 * Everything one sync writes for one fulfillment order, in ONE request. Top-level mutation fields run serially, in
 * document order (https://spec.graphql.org/October2021/#sec-Mutation), so releasing our old hold before placing the
 * new one on the same fulfillment order is valid; `@include` leaves out what this sync does not need.
 */
const SYNC_BACKORDER = operation<
  {
    tagsAdd?: UserErrors;
    tagsRemove?: UserErrors;
    metafieldsSet?: UserErrors;
    fulfillmentOrderReleaseHold?: UserErrors;
    fulfillmentOrderHold?: UserErrors & {
      fulfillmentHold: { id: string; handle: string | null } | null;
      fulfillmentOrder: { id: string } | null;
    };
  },
  {
    orderId: string;
    tagsAdd: string[];
    addTags: boolean;
    tagsRemove: string[];
    removeTags: boolean;
    metafields: { ownerId: string; namespace: string; key: string; type: string; value: string }[];
    setMetafield: boolean;
    fulfillmentOrderId: string;
    holdIds: string[];
    release: boolean;
    hold: {
      reason: "INVENTORY_OUT_OF_STOCK";
      handle?: string;
      reasonNotes?: string;
      fulfillmentOrderLineItems?: { id: string; quantity: number }[];
    };
    placeHold: boolean;
  }
>(`#graphql
  mutation WaitwellSyncBackorder(
    $orderId: ID!
    $tagsAdd: [String!]!
    $addTags: Boolean!
    $tagsRemove: [String!]!
    $removeTags: Boolean!
    $metafields: [MetafieldsSetInput!]!
    $setMetafield: Boolean!
    $fulfillmentOrderId: ID!
    $holdIds: [ID!]
    $release: Boolean!
    $hold: FulfillmentOrderHoldInput!
    $placeHold: Boolean!
  ) {
    tagsAdd(id: $orderId, tags: $tagsAdd) @include(if: $addTags) {
      userErrors {
        field
        message
      }
    }
    tagsRemove(id: $orderId, tags: $tagsRemove) @include(if: $removeTags) {
      userErrors {
        field
        message
      }
    }
    metafieldsSet(metafields: $metafields) @include(if: $setMetafield) {
      userErrors {
        field
        message
        code
      }
    }
    fulfillmentOrderReleaseHold(id: $fulfillmentOrderId, holdIds: $holdIds) @include(if: $release) {
      userErrors {
        field
        message
        code
      }
    }
    fulfillmentOrderHold(id: $fulfillmentOrderId, fulfillmentHold: $hold) @include(if: $placeHold) {
      fulfillmentHold {
        id
        handle
      }
      fulfillmentOrder {
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

export function createBackorderShopify(deps: { client: AdminClient }): BackorderShopify {
  const { client } = deps;
  return {
    async readVariants(shop: ShopDomain, variantIds: ProductVariantGid[]) {
      const out = [];
      for (let i = 0; i < variantIds.length; i += VARIANTS_PER_READ) {
        const data = await client.request(shop, VARIANTS_FOR_ENGINE, {
          ids: variantIds.slice(i, i + VARIANTS_PER_READ),
        });
        for (const node of data.nodes) {
          if (!node?.id || !node.inventoryItem || !node.product || !node.inventoryPolicy) continue;
          out.push({
            variantId: parseGid("ProductVariant", node.id, "productVariant.id"),
            productId: parseGid("Product", node.product.id, "product.id"),
            inventoryItemId: parseGid("InventoryItem", node.inventoryItem.id, "inventoryItem.id"),
            tracked: node.inventoryItem.tracked,
            inventoryPolicy: node.inventoryPolicy,
          });
        }
      }
      return out;
    },

    async readOrderForSync(shop, orderId, size): Promise<ShopifyOrderForSync | null> {
      const first = {
        fulfillmentOrders: FIRST_READ_FULFILLMENT_ORDERS,
        lineItems: Math.min(FULL_READ.lineItems, Math.max(2, size?.lines ?? 5)),
      };
      let data = await client.request(shop, ORDER_FOR_SYNC, { id: orderId, ...first });
      const more =
        data.order?.fulfillmentOrders.pageInfo.hasNextPage ||
        data.order?.fulfillmentOrders.nodes.some((fo) => fo.lineItems.pageInfo.hasNextPage);
      if (more) data = await client.request(shop, ORDER_FOR_SYNC, { id: orderId, ...FULL_READ });
      if (!data.order) return null;
      return {
        tags: data.order.tags,
        metafieldValue: data.order.metafield?.value ?? null,
        fulfillmentOrders: data.order.fulfillmentOrders.nodes.map((fo) => ({
          id: fo.id,
          status: fo.status,
          holds: fo.fulfillmentHolds,
          lineItems: fo.lineItems.nodes.map((li) => ({
            id: li.id,
            lineItemId: parseGid("LineItem", li.lineItem.id, "lineItem.id"),
            remainingQuantity: li.remainingQuantity,
          })),
        })),
      };
    },

    async write(shop, write: BackorderWrite) {
      const placeHold = write.hold !== null && write.fulfillmentOrderId !== null;
      const release = write.releaseHoldIds.length > 0 && write.fulfillmentOrderId !== null;
      const data = await client.request(shop, SYNC_BACKORDER, {
        orderId: write.orderId,
        tagsAdd: write.tagsAdd,
        addTags: write.tagsAdd.length > 0,
        tagsRemove: write.tagsRemove,
        removeTags: write.tagsRemove.length > 0,
        metafields: write.metafield
          ? [
              {
                ownerId: write.orderId,
                namespace: METAFIELD_NAMESPACE,
                key: METAFIELD_KEY,
                type: "json",
                value: JSON.stringify(write.metafield),
              },
            ]
          : [],
        setMetafield: write.metafield !== null,
        // Left out by @include when unused, but a non-null variable still needs a value.
        fulfillmentOrderId: write.fulfillmentOrderId ?? write.orderId,
        holdIds: write.releaseHoldIds,
        release,
        hold: write.hold
          ? {
              reason: "INVENTORY_OUT_OF_STOCK",
              handle: write.hold.handle,
              reasonNotes: "Waitwell: units waiting for stock",
              fulfillmentOrderLineItems: write.hold.fulfillmentOrderLineItems,
            }
          : { reason: "INVENTORY_OUT_OF_STOCK" },
        placeHold,
      });
      assertNoUserErrors("tagsAdd", data.tagsAdd);
      assertNoUserErrors("tagsRemove", data.tagsRemove);
      assertNoUserErrors("metafieldsSet", data.metafieldsSet);
      assertNoUserErrors("fulfillmentOrderReleaseHold", data.fulfillmentOrderReleaseHold);
      assertNoUserErrors("fulfillmentOrderHold", data.fulfillmentOrderHold);
      if (!placeHold) return null;
      const placed = data.fulfillmentOrderHold;
      if (!placed?.fulfillmentHold || !placed.fulfillmentOrder) {
        throw new ShopifyApiError("WaitwellSyncBackorder: fulfillmentOrderHold returned no hold");
      }
      return { holdId: placed.fulfillmentHold.id, fulfillmentOrderId: placed.fulfillmentOrder.id };
    },
  };
}
