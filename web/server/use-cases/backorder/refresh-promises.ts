import { heldUnits, sameMetafield, summarizeOrder } from "../../domain/backorder/index.js";
import type { ShopDomain } from "../ports.js";
import type { EngineOrder } from "./ports.js";
import type { SyncOrderDeps } from "./sync-order.js";
import { groupBy, storedMetafield } from "./sync-summary.js";

/**
 * The promises of some lines moved (made, re-evaluated, agreed): the orders whose metafield would now read
 * differently are marked for sync, which queues their write (outbox) in the same transaction. An order whose stored
 * metafield already says the same costs nothing. Returns the orders queued. The lines, their orders, the orders'
 * lines and their promises are read once for the whole call, and the orders queued are saved together.
 */
export function createRefreshPromises(deps: Pick<SyncOrderDeps, "repository" | "clock" | "lineEtas">) {
  const { repository: repo } = deps;
  return async function refreshPromises(shop: ShopDomain, lineItemIds: string[]): Promise<string[]> {
    const lineEtas = deps.lineEtas;
    if (!lineEtas || lineItemIds.length === 0) return [];
    const orderOf = new Map(
      (await repo.getLines(shop, lineItemIds)).map((l) => [l.lineItemId as string, l.orderId]),
    );
    // In the order the lines were given.
    const orderIds = [...new Set(lineItemIds.flatMap((id) => orderOf.get(id) ?? []))];
    if (orderIds.length === 0) return [];
    const orders = new Map((await repo.getOrders(shop, orderIds)).map((o) => [o.orderId as string, o]));
    const linesOf = groupBy(
      (await repo.linesOfOrders(shop, [...orders.keys()])).filter((l) => l.status !== "new"),
      (l) => l.orderId,
    );
    const waitingOf = (orderId: string) =>
      (linesOf.get(orderId) ?? []).filter((l) => heldUnits(l) > 0).map((l) => l.lineItemId);
    const waitingIds = [...orders.keys()].flatMap(waitingOf);
    if (waitingIds.length === 0) return [];
    const etas = await lineEtas(shop, waitingIds);
    const at = deps.clock.now();
    const queue: EngineOrder[] = [];
    for (const orderId of orderIds) {
      const order = orders.get(orderId);
      if (!order || waitingOf(orderId).length === 0) continue;
      const stored = storedMetafield(order);
      // The link is the sync's to renew; what moved here is the dates.
      const summary = summarizeOrder(
        order.orderId,
        linesOf.get(orderId) ?? [],
        at,
        etas,
        stored?.manage ?? null,
      );
      if (stored && sameMetafield(stored, summary.metafield) && !order.needsSync) continue;
      queue.push({ ...order, needsSync: true });
    }
    if (queue.length > 0) await repo.saveDecision(shop, { orders: queue, lines: [], history: [] });
    return queue.map((o) => o.orderId);
  };
}
