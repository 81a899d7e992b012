import type { InboxEvent } from "../use-cases/ports.js";
import type { WebhookLane } from "../use-cases/webhook-handlers.js";

/** What the inbox worker runs as one: a row alone, or rows of one shop and lane, in claim order. */
export interface Unit {
  events: InboxEvent[];
  lane: WebhookLane | null;
}

/**
 * The claimed rows as units of work: a row alone, or the rows of one shop whose handlers share a lane
 * (WebhookHandler.lane: the backorder engine's orders and stock levels), handed over together in claim order. A
 * shop's lane unit ends at any other row of that shop, so every unit is a run of the shop's rows in claim order and
 * the order between units (unitMustFollow) has no cycle.
 */
export function groupUnits(
  events: InboxEvent[],
  laneOf: (event: InboxEvent) => WebhookLane | undefined,
): Unit[] {
  const units: Unit[] = [];
  const open = new Map<string, Unit>();
  for (const event of events) {
    const lane = laneOf(event);
    const unit = lane ? open.get(event.shop) : undefined;
    if (unit && unit.lane === lane) {
      unit.events.push(event);
      continue;
    }
    const fresh: Unit = { events: [event], lane: lane ?? null };
    units.push(fresh);
    if (lane) open.set(event.shop, fresh);
    else open.delete(event.shop);
  }
  return units;
}

/** A unit follows an earlier one when any of its rows must follow any row of the earlier unit. */
export function unitMustFollow(
  later: Unit,
  earlier: Unit,
  mustFollow: (later: InboxEvent, earlier: InboxEvent) => boolean,
): boolean {
  return later.events.some((l) => earlier.events.some((e) => mustFollow(l, e)));
}
