import {
  heldUnits,
  parseOrderMetafield,
  sameMetafield,
  summarizeOrder,
  transition,
  type BackorderLine,
  type LineEtas,
  type LineHistoryEntry,
} from "../../domain/backorder/index.js";
import { planOrderSync } from "../../domain/backorder/sync-plan.js";
import type { OrderGid } from "../../domain/shared/gid.js";
import { DEFAULT_SHOP_SETTINGS, type Clock, type ShopDomain, type ShopRepository } from "../ports.js";
import type { BackorderRepository, HoldRecord } from "./ports.js";
import type { BackorderShopify } from "./shopify-port.js";

export interface SyncOrderDeps {
  repository: BackorderRepository;
  shopify: BackorderShopify;
  shops: Pick<ShopRepository, "get">;
  clock: Clock;
  /** The promises of waiting lines (current ETA and commitment), shown in the order metafield. */
  lineEtas?: LineEtaSource | undefined;
}

/** Reads the promises of these lines; lines without one are left out. */
export type LineEtaSource = (shop: ShopDomain, lineItemIds: string[]) => Promise<Map<string, LineEtas>>;

export type SyncOutcome = "up_to_date" | "no_api" | "synced";

/**
 * Makes Shopify show our decision for one order: ONE read (tags, metafield, fulfillment orders and holds), a pure
 * plan, then ONE mutation request per fulfillment order that changes (tags and metafield ride on the first). The
 * plan starts from what Shopify shows, so a re-run after a crash or a duplicate webhook writes nothing.
 */
export function createSyncOrder(deps: SyncOrderDeps) {
  const { repository: repo } = deps;
  return async function syncOrder(shop: ShopDomain, orderId: string): Promise<SyncOutcome> {
    const order = await repo.getOrder(shop, orderId);
    if (!order || !order.needsSync) return "up_to_date";
    const at = deps.clock.now();
    const cause = { kind: "job" as const, ref: `sync:${orderId}` };

    // Lines fully allocated lose their hold in this sync: record them as released with it.
    const released: BackorderLine[] = [];
    const history: LineHistoryEntry[] = [];
    const lines = (await repo.linesOfOrder(shop, orderId))
      .filter((l) => l.status !== "new")
      .map((line): BackorderLine => {
        if (line.status !== "allocated") return line;
        const result = transition(line, { type: "release" }, at, cause);
        if (!result.ok) throw result.error;
        released.push(result.line);
        if (result.entry) history.push(result.entry);
        return result.line;
      });
    const waitingIds = lines.filter((l) => heldUnits(l) > 0).map((l) => l.lineItemId);
    const etas =
      deps.lineEtas && waitingIds.length > 0
        ? await deps.lineEtas(shop, waitingIds)
        : new Map<string, LineEtas>();
    const summary = summarizeOrder(orderId as OrderGid, lines, at, etas);

    // Never written, nothing waits, nothing held: Shopify already shows the truth, at no API cost.
    if (order.syncedMetafield === null && !summary.backordered && order.holds.length === 0) {
      await repo.saveDecision(shop, { orders: [{ ...order, needsSync: false }], lines: released, history });
      return "no_api";
    }

    const current = await deps.shopify.readOrderForSync(shop, orderId);
    if (!current) {
      await repo.saveDecision(shop, { orders: [{ ...order, needsSync: false }], lines: [], history: [] });
      return "up_to_date";
    }
    const settings = (await deps.shops.get(shop))?.settings ?? DEFAULT_SHOP_SETTINGS;
    const plan = planOrderSync({
      summary,
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
    if (plan.fulfillmentOrders.length === 0 && orderLevelPending) {
      await deps.shopify.write(shop, {
        orderId,
        ...orderLevel,
        fulfillmentOrderId: null,
        releaseHoldIds: [],
        hold: null,
      });
    }
    for (const [i, action] of plan.fulfillmentOrders.entries()) {
      const placed = await deps.shopify.write(shop, {
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

    if (released.length > 0) await repo.saveDecision(shop, { orders: [], lines: released, history });
    await repo.markSynced(shop, orderId, {
      syncedMetafield: JSON.stringify(summary.metafield),
      holds,
      backordered: summary.backordered,
    });
    return "synced";
  };
}

/**
 * The promises of some lines moved (made, re-evaluated, agreed): the orders whose metafield would now read
 * differently are marked for sync and synced. An order whose stored metafield already says the same costs nothing.
 */
export function createRefreshPromises(
  deps: SyncOrderDeps & { syncOrder: (shop: ShopDomain, orderId: string) => Promise<SyncOutcome> },
) {
  const { repository: repo } = deps;
  return async function refreshPromises(shop: ShopDomain, lineItemIds: string[]): Promise<string[]> {
    const orderIds = new Set<string>();
    for (const id of lineItemIds) {
      const line = await repo.getLine(shop, id);
      if (line) orderIds.add(line.orderId);
    }
    const synced: string[] = [];
    for (const orderId of orderIds) {
      const order = await repo.getOrder(shop, orderId);
      if (!order) continue;
      const lines = (await repo.linesOfOrder(shop, orderId)).filter((l) => l.status !== "new");
      const waitingIds = lines.filter((l) => heldUnits(l) > 0).map((l) => l.lineItemId);
      if (waitingIds.length === 0 || !deps.lineEtas) continue;
      const summary = summarizeOrder(
        orderId as OrderGid,
        lines,
        deps.clock.now(),
        await deps.lineEtas(shop, waitingIds),
      );
      const stored = order.syncedMetafield === null ? null : parseOrderMetafield(order.syncedMetafield);
      if (stored && sameMetafield(stored, summary.metafield) && !order.needsSync) continue;
      await repo.saveDecision(shop, { orders: [{ ...order, needsSync: true }], lines: [], history: [] });
      await deps.syncOrder(shop, orderId);
      synced.push(orderId);
    }
    return synced;
  };
}
