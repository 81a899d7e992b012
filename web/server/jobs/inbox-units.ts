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

/** A row left out of its batch because a newer delivery about the same resource is handled instead. */
export interface Superseded {
  event: InboxEvent;
  by: InboxEvent;
}

/**
 * Rows whose every delivery carries the resource's whole state (WebhookHandler.snapshot): of those of one shop, topic
 * and resource, only the newest by Shopify's trigger time (then by claim order) is kept, in the place of the last
 * claimed of them, so that every row claimed before any of them still runs first. A row of the shop without a resource
 * (app/uninstalled, shop/redact, customers/…) is a barrier: rows on either side of it are never merged.
 */
export function supersede(
  events: InboxEvent[],
  isSnapshot: (event: InboxEvent) => boolean,
): { kept: InboxEvent[]; superseded: Superseded[] } {
  const epoch = new Map<string, number>();
  const groupOf = (event: InboxEvent) =>
    `${event.shop}\u0000${epoch.get(event.shop) ?? 0}\u0000${event.topic}\u0000${event.resourceId}`;
  const last = new Map<string, number>();
  const newest = new Map<string, InboxEvent>();
  const groups: (string | null)[] = events.map((event, i) => {
    if (event.resourceId === null) {
      epoch.set(event.shop, (epoch.get(event.shop) ?? 0) + 1);
      return null;
    }
    if (!isSnapshot(event)) return null;
    const group = groupOf(event);
    last.set(group, i);
    const current = newest.get(group);
    if (!current || instantOf(event) >= instantOf(current)) newest.set(group, event);
    return group;
  });
  const kept: InboxEvent[] = [];
  const superseded: Superseded[] = [];
  events.forEach((event, i) => {
    const group = groups[i];
    if (group === null || group === undefined) {
      kept.push(event);
      return;
    }
    const winner = newest.get(group)!;
    if (last.get(group) === i) kept.push(winner);
    if (event !== winner) superseded.push({ event, by: winner });
  });
  return { kept, superseded };
}

function instantOf(event: InboxEvent): number {
  return (event.triggeredAt ?? event.receivedAt).getTime();
}
