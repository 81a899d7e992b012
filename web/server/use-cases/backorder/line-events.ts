/**
 * Events on one line that come from outside Shopify's webhooks: customer care's notes (a message sent, a consent, a
 * deadline acted on) and the customer's own changes on the self-service page (units cancelled), recorded with their
 * cause. A change of units re-decides the line's pool, so a freed reservation goes to the next line at once; the
 * webhook Shopify sends for the same change later finds nothing left to do.
 */
import { transition, type Cause, type LineEvent } from "../../domain/backorder/index.js";
import { NotFoundError } from "../../errors.js";
import { type Clock, type ShopDomain, type ShopRepository } from "../ports.js";
import type { BackorderRepository, StoredLine } from "./ports.js";
import { redecide } from "./redecide.js";
import { shopSettingsOf } from "../shop-settings.js";

export interface LineEventsDeps {
  repository: BackorderRepository;
  shops: Pick<ShopRepository, "get">;
  clock: Clock;
}

/** An event the engine accepts from customer care: notes, and a new open quantity. */
export type CareLineEvent = Extract<LineEvent, { type: "note" } | { type: "change_quantity" }>;

/** A note on a line with its cause, one of several recorded together (noteLines). */
export interface LineNoteEvent {
  lineItemId: string;
  event: Extract<LineEvent, { type: "note" }>;
  cause: Cause;
}

/**
 * Notes on many lines: one read of the lines and one transaction for every entry, each entry as applyLineEvent
 * records it (a note changes no line). A note on an unknown line throws before anything is stored.
 */
export function createLineNotes(deps: Pick<LineEventsDeps, "repository" | "clock">) {
  const { repository: repo, clock } = deps;
  return async function noteLines(shop: ShopDomain, notes: readonly LineNoteEvent[]): Promise<void> {
    if (notes.length === 0) return;
    const lines = new Map<string, StoredLine>(
      (
        await repo.getLines(
          shop,
          notes.map((n) => n.lineItemId),
        )
      ).map((l) => [l.lineItemId, l]),
    );
    const history = notes.flatMap(({ lineItemId, event, cause }) => {
      const line = lines.get(lineItemId);
      if (!line) throw new NotFoundError(`No backorder line ${lineItemId} in this shop`);
      const result = transition(line, event, clock.now(), cause);
      if (!result.ok) throw result.error;
      return result.entry ? [result.entry] : [];
    });
    await repo.saveDecision(shop, { orders: [], lines: [], history });
  };
}

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
      rules: (await shopSettingsOf(deps.shops, shop)).allocation,
      variants: [line.variantId],
    });
    return (await repo.getLine(shop, lineItemId)) ?? line;
  };
}
