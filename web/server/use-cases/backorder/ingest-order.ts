import {
  newLine,
  transition,
  type BackorderLine,
  type Cause,
  type LineEvent,
  type LineHistoryEntry,
} from "../../domain/backorder/index.js";
import { type LineItemGid, type OrderGid, type ProductVariantGid } from "../../domain/shared/gid.js";
import type { Clock, Logger, ShopDomain, ShopSettings } from "../ports.js";
import { instantMs, type Instant } from "../../domain/shared/instant.js";
import { redecide } from "./redecide.js";
import { ALL_LOCATIONS } from "./pools.js";
import type { EngineStore } from "./batch-store.js";
import type { EngineOrder, StoredLine, VariantInfo } from "./ports.js";
import type { BackorderShopify } from "./shopify-port.js";

/** An order as orders/create, orders/updated and orders/cancelled deliver it (the REST Order, parsed at the edge). */
export interface IncomingOrder {
  orderId: OrderGid;
  name: string;
  createdAt: Date;
  updatedAt: Date;
  cancelled: boolean;
  tags: string[];
  customer: { id: string; email: string | null; name: string | null; tags: string[] } | null;
  lines: {
    lineItemId: LineItemGid;
    variantId: ProductVariantGid | null;
    quantity: number;
    currentQuantity: number | null;
    fulfillableQuantity: number | null;
    /** REST `variant_inventory_management`: "shopify" when Shopify tracks the variant. */
    inventoryManagement: string | null;
    title: string | null;
    variantTitle: string | null;
    sku: string | null;
  }[];
}

export interface IngestOrderDeps {
  /** The repository, or a batch's store over it (batch-store.ts). */
  repository: EngineStore;
  shopify: Pick<BackorderShopify, "readVariants">;
  clock: Clock;
  logger: Logger;
  /** The shop's settings (read once per step by the engine). */
  settingsOf: (shop: ShopDomain) => Promise<ShopSettings>;
}

export type IngestOutcome = "stale" | "ingested";

/** A line the order brought or changed, with the display fields the admin lists it by. */
type ChangedLine = BackorderLine & {
  productTitle?: string | null;
  variantTitle?: string | null;
  sku?: string | null;
};

/**
 * orders/create | orders/updated | orders/cancelled: records the order's lines, re-decides their pools with every
 * open line, and syncs what changed. An order whose lines all ship, with its variants mirrored, costs no Admin call.
 */
export function createIngestOrder(deps: IngestOrderDeps) {
  const { repository: repo, clock } = deps;
  return async function ingestOrder(
    shop: ShopDomain,
    order: IncomingOrder,
    webhookId: string,
    /** Reconciliation feeds the orders it re-reads through this same path as a job. */
    cause: Cause = { kind: "webhook", ref: webhookId },
  ): Promise<IngestOutcome> {
    const stored = await repo.getOrder(shop, order.orderId);
    // Webhooks arrive out of order and more than once; an older payload than the one applied says nothing new.
    if (stored && order.updatedAt.getTime() < stored.sourceUpdatedAt.getTime()) {
      return "stale";
    }
    const at = clock.now();
    const variants = await mirrorVariants(deps, shop, [order]);
    const existing = new Map<string, StoredLine>(
      (stored ? await repo.linesOfOrder(shop, order.orderId) : []).map((l) => [l.lineItemId, l]),
    );
    const { changedLines, history } = await changesOf(order, { shop, existing, variants, at, cause });
    await redecide(repo, shop, {
      items: new Set(changedLines.map((l) => l.inventoryItemId)),
      changedLines,
      history,
      orders: [engineOrderOf(shop, order, stored)],
      cause,
      at,
      rules: (await deps.settingsOf(shop)).allocation,
    });
    return "ingested";
  };

  /** The order's lines as they stand after this payload, and the history of what changed on the stored ones. */
  async function changesOf(
    order: IncomingOrder,
    context: {
      shop: ShopDomain;
      existing: ReadonlyMap<string, StoredLine>;
      variants: ReadonlyMap<string, VariantInfo>;
      at: Date;
      cause: Cause;
    },
  ): Promise<{ changedLines: ChangedLine[]; history: LineHistoryEntry[] }> {
    const { shop, existing, variants, at, cause } = context;
    const tags = [...order.tags, ...(order.customer?.tags ?? [])];
    const changedLines: ChangedLine[] = [];
    const history: LineHistoryEntry[] = [];
    for (const raw of order.lines) {
      if (raw.variantId === null) continue; // a custom line: no inventory behind it
      const open = Math.max(0, raw.fulfillableQuantity ?? raw.currentQuantity ?? raw.quantity);
      const previous = existing.get(raw.lineItemId);
      const variant = variants.get(raw.variantId);
      let line: BackorderLine;
      if (previous) {
        line = {
          ...previous,
          tags,
          orderCreatedAt: sharperCreatedAt(previous.orderCreatedAt, order.createdAt),
        };
        const events = isTerminal(previous)
          ? []
          : order.cancelled
            ? [{ type: "cancel" } as const]
            : await quantityEvents(repo, shop, previous, raw, open);
        for (const event of events) {
          const result = transition(line, event, at, cause);
          if (!result.ok) throw result.error;
          line = result.line;
          if (result.entry) history.push(result.entry);
        }
      } else if (!variant) {
        deps.logger.warn("backorder engine: variant unknown to Shopify, line skipped", {
          shop,
          lineItemId: raw.lineItemId,
        });
        continue;
      } else {
        if (open === 0 || order.cancelled) continue;
        line = newLine({
          lineItemId: raw.lineItemId,
          orderId: order.orderId,
          orderCreatedAt: order.createdAt,
          variantId: raw.variantId,
          inventoryItemId: variant.inventoryItemId,
          locationId: ALL_LOCATIONS,
          tracked: raw.inventoryManagement === "shopify" || variant.tracked,
          quantity: open,
          tags,
        });
      }
      changedLines.push({
        ...line,
        productTitle: raw.title,
        variantTitle: raw.variantTitle,
        sku: raw.sku ?? variant?.sku ?? null,
      });
    }
    return { changedLines, history };
  }
}

/** The order row as this payload leaves it; what Waitwell synced to Shopify stays as stored. */
function engineOrderOf(shop: ShopDomain, order: IncomingOrder, stored: EngineOrder | null): EngineOrder {
  return {
    shop,
    orderId: order.orderId,
    name: order.name,
    orderCreatedAt: order.createdAt,
    sourceUpdatedAt: order.updatedAt,
    customerId: order.customer?.id ?? null,
    customerEmail: order.customer?.email ?? null,
    customerName: order.customer?.name ?? null,
    tags: order.tags,
    cancelled: order.cancelled,
    syncedMetafield: stored?.syncedMetafield ?? null,
    holds: stored?.holds ?? [],
    backordered: stored?.backordered ?? false,
    needsSync: stored?.needsSync ?? false,
    shopifyTouched: stored?.shopifyTouched ?? false,
  };
}

/**
 * Fewer open units than stored: shipped (fulfilled) or removed (edit, refund)? The payload says how many units of
 * the line were fulfilled in all (`current_quantity − fulfillable_quantity`); those not yet recorded in the line's
 * history were shipped now and leave the ship-now units (a fulfilment), the rest were removed and leave the waiting
 * units first (a quantity change). Mixing them up would release a hold on units that have no stock. The history is
 * only read when units disappeared and some were fulfilled.
 */
async function quantityEvents(
  repo: Pick<EngineStore, "lineHistory">,
  shop: ShopDomain,
  previous: StoredLine,
  raw: IncomingOrder["lines"][number],
  open: number,
): Promise<LineEvent[]> {
  if (open === previous.quantity) return [];
  if (open > previous.quantity) return [{ type: "change_quantity", quantity: open }];
  const fulfilledInAll =
    raw.currentQuantity !== null && raw.fulfillableQuantity !== null
      ? Math.max(0, raw.currentQuantity - raw.fulfillableQuantity)
      : 0;
  let shipped = 0;
  if (fulfilledInAll > 0) {
    const recorded = (await repo.lineHistory(shop, previous.lineItemId)).reduce(
      (n, entry) => n + (entry.event.type === "fulfil" ? entry.event.units : 0),
      0,
    );
    shipped = Math.min(previous.quantity - open, Math.max(0, fulfilledInAll - recorded));
  }
  const events: LineEvent[] = [];
  if (shipped > 0) events.push({ type: "fulfil", units: shipped });
  if (previous.quantity - shipped > open) events.push({ type: "change_quantity", quantity: open });
  return events;
}

/**
 * The orders' variants: the mirror first; variants it lacks come from ONE batched read, then join the mirror. The
 * engine calls it before taking the shop's lock, so the Shopify read never waits inside it.
 */
export async function mirrorVariants(
  deps: {
    repository: Pick<EngineStore, "getVariants" | "upsertVariants">;
    shopify: IngestOrderDeps["shopify"];
    clock: Clock;
  },
  shop: ShopDomain,
  orders: readonly IncomingOrder[],
): Promise<Map<string, VariantInfo>> {
  const { repository: repo, clock } = deps;
  const ids = [...new Set(orders.flatMap((o) => o.lines.flatMap((l) => (l.variantId ? [l.variantId] : []))))];
  const known = new Map((ids.length ? await repo.getVariants(shop, ids) : []).map((v) => [v.variantId, v]));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0) {
    const asOf = clock.now();
    const read = (await deps.shopify.readVariants(shop, missing)).map((v): VariantInfo => ({
      ...v,
      sku: null,
      asOf,
    }));
    if (read.length > 0) await repo.upsertVariants(shop, read);
    for (const v of read) known.set(v.variantId, v);
  }
  return known;
}

function isTerminal(line: BackorderLine): boolean {
  return line.status === "fulfilled" || line.status === "cancelled" || line.status === "substituted";
}

/**
 * orders/updated may arrive before orders/create and carries the creation time to the second only; orders/create
 * places it to the millisecond (its trigger time). The sharper value of the same second wins, whichever came first.
 */
function sharperCreatedAt(stored: Instant, incoming: Date): Instant {
  const storedMs = instantMs(stored);
  const incomingMs = incoming.getTime();
  const sameSecond = Math.floor(storedMs / 1000) === Math.floor(incomingMs / 1000);
  return sameSecond && storedMs % 1000 === 0 && incomingMs % 1000 !== 0 ? incoming : stored;
}
