import type { InboxEvent } from "../use-cases/ports.js";
import type { WebhookLane } from "../use-cases/webhook-handlers.js";

/** What the inbox worker runs as one: a row alone, or rows of one shop and lane, in claim order. */
export interface Unit {
  events: InboxEvent[];
  lane: WebhookLane | null;
}

/**
 * The claimed rows as units of work: a row alone, or the rows of one shop whose handlers share a lane
 * (WebhookHandler.lane: the backorder engine's orders and stock levels, products), handed over together in claim
 * order. A row joins its shop's open unit of its lane unless it must follow (`mustFollow`) a row claimed since that
 * unit began that is not in it (a row about the same resource, or a row without one); then it begins a new unit.
 * So rows about other resources in between (a products/update among orders) no longer cut a lane's unit, and
 * whenever two rows of different units must keep their order, the unit of the earlier row begins earlier: the order
 * between units (unitMustFollow, earlier units first) keeps claim order and has no cycle.
 */
export function groupUnits(
  events: InboxEvent[],
  laneOf: (event: InboxEvent) => WebhookLane | undefined,
  mustFollow: (later: InboxEvent, earlier: InboxEvent) => boolean,
): Unit[] {
  const units: Unit[] = [];
  const unitOf: Unit[] = [];
  // Per lane and shop: the unit rows join, and the index of its first row.
  const open = new Map<WebhookLane, Map<string, { unit: Unit; from: number }>>();
  events.forEach((event, i) => {
    const lane = laneOf(event);
    const current = lane ? open.get(lane)?.get(event.shop) : undefined;
    const joins =
      current !== undefined &&
      !events
        .slice(current.from + 1, i)
        .some((between, j) => unitOf[current.from + 1 + j] !== current.unit && mustFollow(event, between));
    if (current && joins) {
      current.unit.events.push(event);
      unitOf.push(current.unit);
      return;
    }
    const fresh: Unit = { events: [event], lane: lane ?? null };
    units.push(fresh);
    unitOf.push(fresh);
    if (!lane) return;
    const shops = open.get(lane) ?? new Map<string, { unit: Unit; from: number }>();
    shops.set(event.shop, { unit: fresh, from: i });
    open.set(lane, shops);
  });
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
