import { gidNumericId, type LineItemGid } from "../shared/gid.js";
import { metafieldNeedsWrite, type OrderMetafield, type OrderSummary } from "./order-summary.js";
import { normaliseTag } from "./allocation-rules.js";

/**
 * What Shopify must change so an order shows our decision: tags, the metafield, and per fulfillment order which of
 * our holds to lift and which one to place. Pure: the use case reads Shopify once, plans, then writes once per
 * fulfillment order. Planning from what Shopify shows (not from what we believe we wrote) is what makes a re-run
 * after a crash or a duplicate webhook plan nothing.
 */

export const HOLD_HANDLE_PREFIX = "waitwell-";
/** Shopify lets any app place or release holds; only these statuses can carry one. */
const HOLDABLE_STATUSES: ReadonlySet<string> = new Set(["OPEN", "ON_HOLD", "SCHEDULED", "IN_PROGRESS"]);

export interface PlanFulfillmentOrder {
  id: string;
  status: string;
  holds: { id: string; handle: string | null; heldByRequestingApp: boolean }[];
  lineItems: { id: string; lineItemId: LineItemGid; remainingQuantity: number }[];
}

export interface SyncPlanInput {
  summary: OrderSummary;
  shopify: {
    tags: readonly string[];
    metafield: OrderMetafield | null;
    fulfillmentOrders: PlanFulfillmentOrder[];
  };
  settings: { backorderTag: string; shipTogether: boolean };
}

export interface PlannedHold {
  handle: string;
  /** Fulfillment order line items and units to hold (what `fulfillmentOrderHold` takes). */
  fulfillmentOrderLineItems: { id: string; quantity: number }[];
  /** The same units by order line, for our records. */
  lines: { lineItemId: LineItemGid; quantity: number }[];
}

export interface FulfillmentOrderAction {
  fulfillmentOrderId: string;
  /** Our hold ids on it to lift first (never another app's or the merchant's). */
  release: string[];
  hold: PlannedHold | null;
}

/** Our hold that stays as it is. */
export interface KeptHold {
  fulfillmentOrderId: string;
  holdId: string;
  handle: string;
  lines: { lineItemId: LineItemGid; quantity: number }[];
}

export interface SyncPlan {
  tagsAdd: string[];
  tagsRemove: string[];
  /** null: the metafield already says this. */
  metafield: OrderMetafield | null;
  /** Only the fulfillment orders that change. */
  fulfillmentOrders: FulfillmentOrderAction[];
  kept: KeptHold[];
}

export function planOrderSync(input: SyncPlanInput): SyncPlan {
  const { summary, shopify, settings } = input;
  const tag = settings.backorderTag.trim();
  const hasTag = shopify.tags.some((t) => normaliseTag(t) === normaliseTag(tag));
  const tagsAdd = summary.backordered && !hasTag ? [tag] : [];
  const tagsRemove = !summary.backordered && hasTag ? [tag] : [];
  const metafield = metafieldNeedsWrite(shopify.metafield, summary) ? summary.metafield : null;

  const open = shopify.fulfillmentOrders
    .filter((fo) => HOLDABLE_STATUSES.has(fo.status))
    .sort((a, b) => compareIds(a.id, b.id));
  const ours = (fo: PlanFulfillmentOrder) =>
    fo.holds.filter((h) => h.heldByRequestingApp && (h.handle ?? "").startsWith(HOLD_HANDLE_PREFIX));
  const foreign = (fo: PlanFulfillmentOrder) => fo.holds.length > ours(fo).length;

  // Desired held units per fulfillment order line item.
  const desired = new Map<string, Map<string, number>>();
  for (const fo of open) desired.set(fo.id, new Map());
  if (settings.shipTogether) {
    if (summary.backordered) {
      for (const fo of open) {
        for (const item of fo.lineItems) {
          if (item.remainingQuantity > 0) desired.get(fo.id)!.set(item.id, item.remainingQuantity);
        }
      }
    }
  } else {
    // A line's waiting units go to the fulfillment orders we already hold first, so a settled order plans nothing.
    const preferred = [...open].sort((a, b) => Number(ours(b).length > 0) - Number(ours(a).length > 0));
    for (const hold of summary.holds) {
      let need = hold.quantity;
      for (const fo of preferred) {
        for (const item of fo.lineItems) {
          if (need === 0) break;
          if (item.lineItemId !== hold.lineItemId || item.remainingQuantity <= 0) continue;
          const take = Math.min(need, item.remainingQuantity);
          desired.get(fo.id)!.set(item.id, (desired.get(fo.id)!.get(item.id) ?? 0) + take);
          need -= take;
        }
      }
    }
  }

  const actions: FulfillmentOrderAction[] = [];
  const kept: KeptHold[] = [];
  for (const fo of open) {
    const want = desired.get(fo.id)!;
    const mine = ours(fo);
    const lineOf = new Map(fo.lineItems.map((i) => [i.id, i.lineItemId]));
    const wantedItems = [...want.entries()]
      .filter(([, q]) => q > 0)
      .map(([id, quantity]) => ({ id, quantity }))
      .sort((a, b) => compareIds(a.id, b.id));
    const wantedLines = byLine(wantedItems, lineOf);
    const handle = wantedItems.length > 0 ? holdHandle(wantedLines) : null;

    // Our one hold covers exactly the wanted units when it has the wanted handle and the fulfillment order holds
    // nothing else (a partial hold splits the fulfillment order, so what it holds is what remains on it).
    const covered =
      handle !== null &&
      mine.length === 1 &&
      mine[0]!.handle === handle &&
      !foreign(fo) &&
      fo.lineItems.every((i) => i.remainingQuantity === (want.get(i.id) ?? 0));
    if (covered) {
      kept.push({ fulfillmentOrderId: fo.id, holdId: mine[0]!.id, handle, lines: wantedLines });
      continue;
    }
    if (wantedItems.length === 0 && mine.length === 0) continue;
    actions.push({
      fulfillmentOrderId: fo.id,
      release: mine.map((h) => h.id),
      hold: handle === null ? null : { handle, fulfillmentOrderLineItems: wantedItems, lines: wantedLines },
    });
  }
  return { tagsAdd, tagsRemove, metafield, fulfillmentOrders: actions, kept };
}

/**
 * The handle of our hold, stable for the same held set so a repeat is recognised: `waitwell-<line id>` for one line,
 * else `waitwell-` + a short hash of the sorted `lineId:qty` pairs. At most 64 characters (Shopify's limit,
 * https://shopify.dev/docs/api/admin-graphql/latest/input-objects/FulfillmentOrderHoldInput).
 */
export function holdHandle(lines: readonly { lineItemId: LineItemGid; quantity: number }[]): string {
  if (lines.length === 1) return HOLD_HANDLE_PREFIX + gidNumericId(lines[0]!.lineItemId);
  const key = [...lines]
    .map((l) => `${gidNumericId(l.lineItemId)}:${l.quantity}`)
    .sort()
    .join(",");
  return HOLD_HANDLE_PREFIX + shortHash(key);
}

function byLine(
  items: readonly { id: string; quantity: number }[],
  lineOf: ReadonlyMap<string, LineItemGid>,
): { lineItemId: LineItemGid; quantity: number }[] {
  const totals = new Map<LineItemGid, number>();
  for (const item of items) {
    const line = lineOf.get(item.id)!;
    totals.set(line, (totals.get(line) ?? 0) + item.quantity);
  }
  return [...totals.entries()]
    .map(([lineItemId, quantity]) => ({ lineItemId, quantity }))
    .sort((a, b) => compareIds(a.lineItemId, b.lineItemId));
}

/** Two FNV-1a 32-bit passes with different offsets: 16 hex characters, deterministic, no crypto import. */
function shortHash(text: string): string {
  const pass = (offset: number) => {
    let h = offset >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, "0");
  };
  return pass(0x811c9dc5) + pass(0x050c5d1f);
}

/** GIDs of one resource by numeric id. */
function compareIds(a: string, b: string): number {
  const x = a.slice(a.lastIndexOf("/") + 1);
  const y = b.slice(b.lastIndexOf("/") + 1);
  return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
}
