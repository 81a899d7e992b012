import { parseGid } from "../../domain/shared/gid.js";
import type { ShopDomain } from "../../use-cases/ports.js";
import type { IncomingOrder } from "../../use-cases/backorder/ingest-order.js";
import type {
  BackorderReconcileShopify,
  ShopifyLevelRead,
  ShopifyOrderStamp,
} from "../../use-cases/backorder/shopify-port.js";
import { operation, type AdminClient } from "./admin-client.js";

/**
 * Reconciliation's reads. Requested costs (REFERENCE 2.4: object 1, connection 2 + first × item; `nodes(ids:)` one
 * per id), each kept under the 1000-point single-query limit; Shopify refunds what the data did not use:
 *
 *   WaitwellReconcileOrderStamps       2 + 250 orders                                    = 252
 *   WaitwellReconcileOrderStampsById   250 ids                                           = 250
 *   WaitwellReconcileOrders            6 × (order 1 + customer 1 + lines 2 + 50 × 3)     = 924
 *   WaitwellReconcileOrderLines        1 + 2 + 250 × 3                                   = 753
 *   WaitwellReconcileLevels            25 × (item 1 + levels 2 + 10 × 3)                 = 825
 *   WaitwellReconcileMoreLevels        1 + 2 + 100 × 3                                   = 303
 */
const BATCH = { orderStamps: 250, orders: 6, items: 25 } as const;

interface OrderStampNode {
  id: string;
  updatedAt: string;
  cancelledAt: string | null;
  closed: boolean;
}

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

interface LineNode {
  id: string;
  quantity: number;
  currentQuantity: number;
  unfulfilledQuantity: number;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  variant: { id: string; inventoryItem: { tracked: boolean } } | null;
}

interface OrderNode {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  tags: string[];
  email: string | null;
  customer: { id: string; firstName: string | null; lastName: string | null; tags: string[] } | null;
  lineItems: { nodes: LineNode[]; pageInfo: PageInfo };
}

interface LevelNode {
  updatedAt: string;
  location: { id: string };
  quantities: { name: string; quantity: number; updatedAt: string | null }[];
}

const ORDER_STAMPS = operation<
  { orders: { nodes: OrderStampNode[]; pageInfo: PageInfo } },
  { query: string; after: string | null }
>(`#graphql
  query WaitwellReconcileOrderStamps($query: String!, $after: String) {
    orders(first: 250, after: $after, sortKey: UPDATED_AT, query: $query) {
      nodes {
        id
        updatedAt
        cancelledAt
        closed
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const ORDER_STAMPS_BY_ID = operation<
  { nodes: (null | Partial<OrderStampNode>)[] },
  { ids: string[] }
>(`#graphql
  query WaitwellReconcileOrderStampsById($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Order {
        id
        updatedAt
        cancelledAt
        closed
      }
    }
  }
`);

/** The line item fields reconciliation reads (a fragment, spliced into the order query and its line pages). */
const RECONCILE_LINE = `#graphql
  fragment WaitwellReconcileLine on LineItem {
    id
    quantity
    currentQuantity
    unfulfilledQuantity
    title
    variantTitle
    sku
    variant {
      id
      inventoryItem {
        tracked
      }
    }
  }
`;

const ORDERS = operation<{ nodes: (null | Partial<OrderNode>)[] }, { ids: string[] }>(`#graphql
  query WaitwellReconcileOrders($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Order {
        id
        name
        createdAt
        updatedAt
        cancelledAt
        tags
        email
        customer {
          id
          firstName
          lastName
          tags
        }
        lineItems(first: 50) {
          nodes {
            ...WaitwellReconcileLine
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
  ${RECONCILE_LINE}
`);

const ORDER_LINES = operation<
  { order: null | { lineItems: { nodes: LineNode[]; pageInfo: PageInfo } } },
  { id: string; after: string }
>(`#graphql
  query WaitwellReconcileOrderLines($id: ID!, $after: String!) {
    order(id: $id) {
      lineItems(first: 250, after: $after) {
        nodes {
          ...WaitwellReconcileLine
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
  ${RECONCILE_LINE}
`);

const LEVELS = operation<
  {
    nodes: (null | { id?: string; inventoryLevels?: { nodes: LevelNode[]; pageInfo: PageInfo } })[];
  },
  { ids: string[] }
>(`#graphql
  query WaitwellReconcileLevels($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on InventoryItem {
        id
        inventoryLevels(first: 10) {
          nodes {
            updatedAt
            location {
              id
            }
            quantities(names: ["available"]) {
              name
              quantity
              updatedAt
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

const MORE_LEVELS = operation<
  { inventoryItem: null | { inventoryLevels: { nodes: LevelNode[]; pageInfo: PageInfo } } },
  { id: string; after: string }
>(`#graphql
  query WaitwellReconcileMoreLevels($id: ID!, $after: String!) {
    inventoryItem(id: $id) {
      inventoryLevels(first: 100, after: $after) {
        nodes {
          updatedAt
          location {
            id
          }
          quantities(names: ["available"]) {
            name
            quantity
            updatedAt
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export function createBackorderReconcileShopify(deps: { client: AdminClient }): BackorderReconcileShopify {
  const { client } = deps;
  return {
    batch: BATCH,

    async listOrdersUpdatedSince(shop: ShopDomain, since: Date, cursor: string | null) {
      // Search syntax: https://shopify.dev/docs/api/usage/search-syntax (dates compare as ISO 8601 timestamps).
      const data = await client.request(shop, ORDER_STAMPS, {
        query: `updated_at:>='${since.toISOString().replace(/\.\d{3}Z$/, "Z")}'`,
        after: cursor,
      });
      const { nodes, pageInfo } = data.orders;
      return {
        orders: nodes.map(toStamp),
        nextCursor: pageInfo.hasNextPage ? pageInfo.endCursor : null,
      };
    },

    async readOrderStamps(shop, orderIds) {
      const data = await client.request(shop, ORDER_STAMPS_BY_ID, { ids: orderIds });
      return data.nodes.flatMap((n) => (n?.id && n.updatedAt ? [toStamp(n as OrderStampNode)] : []));
    },

    async readOrders(shop, orderIds) {
      const data = await client.request(shop, ORDERS, { ids: orderIds });
      return data.nodes.flatMap((n) => {
        if (!n?.id || !n.lineItems) return [];
        const o = n as OrderNode;
        return [
          {
            order: toIncomingOrder(o),
            linesCursor: o.lineItems.pageInfo.hasNextPage ? o.lineItems.pageInfo.endCursor : null,
          },
        ];
      });
    },

    async readOrderLines(shop, orderId, cursor) {
      const data = await client.request(shop, ORDER_LINES, { id: orderId, after: cursor });
      if (!data.order) return { lines: [], nextCursor: null };
      const { nodes, pageInfo } = data.order.lineItems;
      return {
        lines: nodes.map(toIncomingLine),
        nextCursor: pageInfo.hasNextPage ? pageInfo.endCursor : null,
      };
    },

    async readInventoryLevels(shop, inventoryItemIds) {
      const data = await client.request(shop, LEVELS, { ids: inventoryItemIds });
      return data.nodes.flatMap((n) => {
        if (!n?.id || !n.inventoryLevels) return [];
        const { nodes, pageInfo } = n.inventoryLevels;
        return [
          {
            inventoryItemId: parseGid("InventoryItem", n.id, "inventoryItem.id"),
            levels: nodes.flatMap(toLevel),
            levelsCursor: pageInfo.hasNextPage ? pageInfo.endCursor : null,
          },
        ];
      });
    },

    async readMoreInventoryLevels(shop, inventoryItemId, cursor) {
      const data = await client.request(shop, MORE_LEVELS, { id: inventoryItemId, after: cursor });
      if (!data.inventoryItem) return { levels: [], nextCursor: null };
      const { nodes, pageInfo } = data.inventoryItem.inventoryLevels;
      return { levels: nodes.flatMap(toLevel), nextCursor: pageInfo.hasNextPage ? pageInfo.endCursor : null };
    },
  };
}

function toStamp(n: OrderStampNode): ShopifyOrderStamp {
  return {
    orderId: parseGid("Order", n.id, "order.id"),
    updatedAt: new Date(n.updatedAt),
    cancelled: n.cancelledAt !== null,
    closed: n.closed,
  };
}

/** The GraphQL Order in the shape the webhook path ingests (webhooks/rest-order.ts builds it from REST). */
function toIncomingOrder(o: OrderNode): IncomingOrder {
  const name = [o.customer?.firstName, o.customer?.lastName].filter(Boolean).join(" ");
  return {
    orderId: parseGid("Order", o.id, "order.id"),
    name: o.name,
    createdAt: new Date(o.createdAt),
    updatedAt: new Date(o.updatedAt),
    cancelled: o.cancelledAt !== null,
    tags: o.tags,
    customer: o.customer
      ? { id: o.customer.id, email: o.email, name: name || null, tags: o.customer.tags }
      : null,
    lines: o.lineItems.nodes.map(toIncomingLine),
  };
}

function toIncomingLine(l: LineNode): IncomingOrder["lines"][number] {
  return {
    lineItemId: parseGid("LineItem", l.id, "lineItem.id"),
    variantId: l.variant ? parseGid("ProductVariant", l.variant.id, "variant.id") : null,
    quantity: l.quantity,
    currentQuantity: l.currentQuantity,
    // REST's fulfillable_quantity; units removed by an edit or refund are not fulfillable either.
    fulfillableQuantity: Math.min(l.unfulfilledQuantity, l.currentQuantity),
    // REST's variant_inventory_management: "shopify" when Shopify tracks the variant's inventory.
    inventoryManagement: l.variant?.inventoryItem.tracked ? "shopify" : null,
    title: l.title,
    variantTitle: l.variantTitle,
    sku: l.sku,
  };
}

function toLevel(n: LevelNode): ShopifyLevelRead[] {
  const available = n.quantities.find((q) => q.name === "available");
  if (!available) return [];
  const updatedAt = Math.max(
    new Date(n.updatedAt).getTime(),
    available.updatedAt ? new Date(available.updatedAt).getTime() : 0,
  );
  return [
    {
      locationId: parseGid("Location", n.location.id, "location.id"),
      available: available.quantity,
      updatedAt: new Date(updatedAt),
    },
  ];
}
