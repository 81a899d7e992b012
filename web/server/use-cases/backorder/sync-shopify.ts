import { parseOrderMetafield, type BackorderLine, type OrderSummary } from "../../domain/backorder/index.js";
import { planOrderSync } from "../../domain/backorder/sync-plan.js";
import type { ShopDomain, ShopSettings } from "../ports.js";
import type { EngineOrder, HoldRecord } from "./ports.js";
import type { BackorderShopify } from "./shopify-port.js";

/** What the locked first step of the order sync hands to the Shopify step. */
export interface Snapshot {
  order: EngineOrder;
  summary: OrderSummary;
  /** Lines fully allocated: their hold goes in this sync, and they are recorded as released with it. */
  releasing: BackorderLine[];
}

/** What the Shopify step did. holds null: the order is gone from Shopify. */
export interface Written {
  holds: HoldRecord[] | null;
  writes: number;
}

/**
 * Step 2 of the order sync, outside the shop's lock: ONE read (tags, metafield, fulfillment orders and holds), a pure
 * plan, then ONE mutation request per fulfillment order that changes (tags and metafield ride on the first). The
 * plan starts from what Shopify shows, so a re-run after a crash or a duplicate writes nothing. The holds returned
 * are the ones Shopify showed and kept, and the ones it confirmed placing: never one that was not written.
 */
export async function writeToShopify(
  shopify: Pick<BackorderShopify, "readOrderForSync" | "write">,
  shop: ShopDomain,
  snap: Snapshot,
  settings: ShopSettings,
): Promise<Written> {
  const orderId = snap.order.orderId;
  const current = await shopify.readOrderForSync(shop, orderId, {
    lines: snap.summary.metafield.lines.length,
  });
  if (!current) return { holds: null, writes: 0 };
  const plan = planOrderSync({
    summary: snap.summary,
    shopify: {
      tags: current.tags,
      metafield: parseOrderMetafield(current.metafieldValue),
      fulfillmentOrders: current.fulfillmentOrders,
    },
    settings,
  });
  const holds: HoldRecord[] = plan.kept.map((k) => ({ ...k }));
  const orderLevel = { tagsAdd: plan.tagsAdd, tagsRemove: plan.tagsRemove, metafield: plan.metafield };
  const orderLevelPending = plan.tagsAdd.length + plan.tagsRemove.length > 0 || plan.metafield !== null;
  let writes = 0;
  if (plan.fulfillmentOrders.length === 0 && orderLevelPending) {
    writes++;
    await shopify.write(shop, {
      orderId,
      ...orderLevel,
      fulfillmentOrderId: null,
      releaseHoldIds: [],
      hold: null,
    });
  }
  for (const [i, action] of plan.fulfillmentOrders.entries()) {
    writes++;
    const placed = await shopify.write(shop, {
      orderId,
      ...(i === 0 ? orderLevel : { tagsAdd: [], tagsRemove: [], metafield: null }),
      fulfillmentOrderId: action.fulfillmentOrderId,
      releaseHoldIds: action.release,
      hold: action.hold,
    });
    if (placed && action.hold) {
      holds.push({
        fulfillmentOrderId: placed.fulfillmentOrderId,
        holdId: placed.holdId,
        handle: action.hold.handle,
        lines: action.hold.lines,
      });
    }
  }
  return { holds, writes };
}
