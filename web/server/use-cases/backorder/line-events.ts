/**
 * Events on one line that come from outside Shopify's webhooks: customer care's notes (a message sent, a consent, a
 * deadline acted on) and the customer's own changes on the self-service page (units cancelled), recorded with their
 * cause. A change of units re-decides the line's pool, so a freed reservation goes to the next line at once; the
 * webhook Shopify sends for the same change later finds nothing left to do.
 */
import { transition, type Cause, type LineEvent } from "../../domain/backorder/index.js";
import { NotFoundError } from "../../errors.js";
import { DEFAULT_SHOP_SETTINGS, type Clock, type ShopDomain, type ShopRepository } from "../ports.js";
import type { BackorderRepository, StoredLine } from "./ports.js";
import { redecide } from "./redecide.js";

export interface LineEventsDeps {
  repository: BackorderRepository;
  shops: Pick<ShopRepository, "get">;
  clock: Clock;
}

/** An event the engine accepts from customer care: notes, and a new open quantity. */
export type CareLineEvent = Extract<LineEvent, { type: "note" } | { type: "change_quantity" }>;

export function createLineEvents(deps: LineEventsDeps) {
  const { repository: repo, clock } = deps;
  return async function applyLineEvent(
    shop: ShopDomain,
    lineItemId: string,
    event: CareLineEvent,
    cause: Cause,
  ): Promise<StoredLine> {
    const line = await repo.getLine(shop, lineItemId);
    if (!line) throw new NotFoundError(`No backorder line ${lineItemId} in this shop`);
    const result = transition(line, event, clock.now(), cause);
    if (!result.ok) throw result.error;
    if (!result.entry) return line;
    if (event.type === "note") {
      await repo.saveDecision(shop, { orders: [], lines: [], history: [result.entry] });
      return line;
    }
    const order = await repo.getOrder(shop, line.orderId);
    // The order is saved with needsSync, and the variant's queue moved: both writes are queued with the decision.
    await redecide(repo, shop, {
      items: new Set([line.inventoryItemId]),
      changedLines: [result.line],
      history: [result.entry],
      orders: order ? [{ ...order, needsSync: true }] : [],
      cause,
      at: new Date(result.entry.at),
      rules: ((await deps.shops.get(shop))?.settings ?? DEFAULT_SHOP_SETTINGS).allocation,
      variants: [line.variantId],
    });
    return (await repo.getLine(shop, lineItemId)) ?? line;
  };
}
