import { InvalidValueError } from "../shared/errors.js";
import {
  parseGid,
  type InventoryItemGid,
  type LineItemGid,
  type LocationGid,
  type OrderGid,
  type ProductVariantGid,
} from "../shared/gid.js";
import { toIsoString, type Instant } from "../shared/instant.js";
import { IllegalTransitionError } from "./errors.js";
import {
  TERMINAL_STATUSES,
  type BackorderLine,
  type Cause,
  type LineDecision,
  type LineEvent,
  type LineHistoryEntry,
  type LineQuantities,
  type LineStatus,
} from "./types.js";

export type TransitionResult =
  | { ok: true; line: BackorderLine; entry: LineHistoryEntry | null }
  | { ok: false; error: IllegalTransitionError };

export interface NewLineInput {
  lineItemId: LineItemGid;
  orderId: OrderGid;
  orderCreatedAt: Instant;
  variantId: ProductVariantGid;
  inventoryItemId: InventoryItemGid;
  locationId: LocationGid;
  tracked: boolean;
  quantity: number;
  tags?: readonly string[];
  priority?: number | null;
}

/** A line as it comes off an order, before the engine has decided anything. */
export function newLine(input: NewLineInput): BackorderLine {
  return {
    ...input,
    tags: input.tags ?? [],
    priority: input.priority ?? null,
    status: "new",
    inStock: 0,
    allocated: 0,
    partialAllocations: 0,
  };
}

/**
 * Applies one event to a line. Returns the new line and its history entry (null when the event changes nothing,
 * so a replayed event leaves no trace), or the typed reason the event is not allowed. The line given is not touched.
 */
export function transition(
  line: BackorderLine,
  event: LineEvent,
  at: Instant,
  cause: Cause,
): TransitionResult {
  const from = line.status;
  const reject = (reason: string): TransitionResult => ({
    ok: false,
    error: new IllegalTransitionError(line.lineItemId, from, event.type, reason),
  });
  // A note changes nothing and is always recorded: a message about a cancelled line is still history.
  if (event.type === "note") {
    const quantities = quantitiesOf(line);
    return {
      ok: true,
      line,
      entry: {
        lineItemId: line.lineItemId,
        at: toIsoString(at),
        cause,
        event,
        from,
        to: from,
        before: quantities,
        after: quantities,
      },
    };
  }
  if (TERMINAL_STATUSES.has(from)) return reject(`the line is ${from}`);
  const waiting = waitingUnits(line);
  let next: BackorderLine;

  switch (event.type) {
    case "decide": {
      if (!isUnits(event.inStock) || !isUnits(event.allocated))
        return reject("quantities must be whole units");
      if (event.inStock + event.allocated > line.quantity) return reject("more units than the line has open");
      const after = line.quantity - event.inStock - event.allocated;
      const reserved = event.allocated > line.allocated;
      next = {
        ...line,
        inStock: event.inStock,
        allocated: event.allocated,
        partialAllocations: line.partialAllocations + (reserved && after > 0 ? 1 : 0),
        status: deriveStatus(from, after, event.allocated),
      };
      break;
    }
    case "allocate": {
      if (from !== "backordered" && from !== "partially_allocated")
        return reject("nothing waits on the line");
      if (!isUnits(event.units) || event.units < 1 || event.units > waiting) {
        return reject(`units must be between 1 and the ${waiting} waiting`);
      }
      const allocated = line.allocated + event.units;
      const after = waiting - event.units;
      next = {
        ...line,
        allocated,
        partialAllocations: line.partialAllocations + (after > 0 ? 1 : 0),
        status: deriveStatus(from, after, allocated),
      };
      break;
    }
    case "release": {
      if (from !== "allocated") return reject("only a fully allocated line has a hold to release");
      next = { ...line, status: "released" };
      break;
    }
    case "fulfil": {
      if (!isUnits(event.units) || event.units < 1 || event.units > line.quantity) {
        return reject(`units must be between 1 and the ${line.quantity} open`);
      }
      // Shipped units come out of stock on hand first, then reservations; a merchant who lifts our hold and ships
      // waiting units anyway is still recorded, since the webhook reports what happened.
      const fromStock = Math.min(event.units, line.inStock);
      const fromAllocated = Math.min(event.units - fromStock, line.allocated);
      const quantity = line.quantity - event.units;
      const inStock = line.inStock - fromStock;
      const allocated = line.allocated - fromAllocated;
      next = {
        ...line,
        quantity,
        inStock,
        allocated,
        status:
          quantity === 0
            ? "fulfilled"
            : from === "new"
              ? "new"
              : deriveStatus(from, quantity - inStock - allocated, allocated),
      };
      break;
    }
    case "change_quantity": {
      if (!isUnits(event.quantity)) return reject("quantity must be whole units");
      if (event.quantity === 0) {
        next = { ...line, quantity: 0, inStock: 0, allocated: 0, status: "cancelled" };
        break;
      }
      // Removed units leave the waiting ones first, then the reservations (freed for the next line), then the
      // in-stock ones; added units wait, behind every line that already waits.
      let removed = Math.max(0, line.quantity - event.quantity);
      removed -= Math.min(removed, waiting);
      const fromAllocated = Math.min(removed, line.allocated);
      const allocated = line.allocated - fromAllocated;
      const inStock = line.inStock - (removed - fromAllocated);
      next = {
        ...line,
        quantity: event.quantity,
        inStock,
        allocated,
        status:
          from === "new"
            ? "new"
            : // Only in-stock units left on a line whose units waited unreserved: they never waited, and ship.
              (from === "backordered" || from === "partially_allocated") && inStock === event.quantity
              ? "in_stock"
              : deriveStatus(from, event.quantity - inStock - allocated, allocated),
      };
      break;
    }
    case "cancel": {
      next = { ...line, quantity: 0, inStock: 0, allocated: 0, status: "cancelled" };
      break;
    }
    case "substitute": {
      if (from !== "backordered" && from !== "partially_allocated" && from !== "allocated") {
        return reject("only a backordered line can be substituted");
      }
      if (event.replacementLineItemId !== null) {
        parseGid("LineItem", event.replacementLineItemId, "event.replacementLineItemId");
      }
      next = { ...line, quantity: 0, inStock: 0, allocated: 0, status: "substituted" };
      break;
    }
    case "reprioritise": {
      if (from !== "backordered" && from !== "partially_allocated")
        return reject("only a waiting line has a place");
      if (event.priority !== null && !Number.isSafeInteger(event.priority))
        return reject("priority must be an integer");
      next = { ...line, priority: event.priority };
      break;
    }
    default: {
      const unknown: never = event;
      throw new InvalidValueError("event", `unknown event ${JSON.stringify(unknown)}`);
    }
  }

  if (sameLine(line, next)) return { ok: true, line, entry: null };
  return {
    ok: true,
    line: next,
    entry: {
      lineItemId: line.lineItemId,
      at: toIsoString(at),
      cause,
      event,
      from,
      to: next.status,
      before: quantitiesOf(line),
      after: quantitiesOf(next),
    },
  };
}

/** Records what `decideBackorders` decided for the line. */
export function applyDecision(
  line: BackorderLine,
  decision: LineDecision,
  at: Instant,
  cause: Cause,
): TransitionResult {
  if (decision.lineItemId !== line.lineItemId) {
    throw new InvalidValueError("decision.lineItemId", `${decision.lineItemId} is not ${line.lineItemId}`);
  }
  if (!decision.changed) return { ok: true, line, entry: null };
  return transition(
    line,
    { type: "decide", inStock: decision.inStock, allocated: decision.allocated },
    at,
    cause,
  );
}

/** The status that quantities imply, given where the line came from (a hold once placed stays until released). */
export function deriveStatus(previous: LineStatus, waiting: number, allocated: number): LineStatus {
  if (waiting > 0) return allocated > 0 ? "partially_allocated" : "backordered";
  if (previous === "new" || previous === "in_stock") return "in_stock";
  if (previous === "released") return "released";
  return "allocated";
}

/** Units our fulfillment hold should cover: everything that cannot ship yet, reservations included. */
export function heldUnits(line: Pick<BackorderLine, "status" | "quantity" | "inStock">): number {
  return line.status === "backordered" || line.status === "partially_allocated"
    ? line.quantity - line.inStock
    : 0;
}

/** Statuses of a line that waited for stock at some point (a hold was placed on it). */
const WAITED: ReadonlySet<LineStatus> = new Set([
  "backordered",
  "partially_allocated",
  "allocated",
  "released",
]);

/**
 * The entry records a line that had waited shipping its last open units: the line's actual ship day, which promise
 * accuracy compares with what the shopper was promised. A line that never waited made no promise to keep.
 */
export function shippedAfterWaiting(entry: Pick<LineHistoryEntry, "event" | "from" | "to">): boolean {
  return entry.event.type === "fulfil" && entry.to === "fulfilled" && WAITED.has(entry.from);
}

export function waitingUnits(line: Pick<BackorderLine, "quantity" | "inStock" | "allocated">): number {
  return line.quantity - line.inStock - line.allocated;
}

export function quantitiesOf(line: BackorderLine): LineQuantities {
  return {
    quantity: line.quantity,
    inStock: line.inStock,
    allocated: line.allocated,
    waiting: waitingUnits(line),
  };
}

function isUnits(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function sameLine(a: BackorderLine, b: BackorderLine): boolean {
  return (
    a.status === b.status &&
    a.quantity === b.quantity &&
    a.inStock === b.inStock &&
    a.allocated === b.allocated &&
    a.partialAllocations === b.partialAllocations &&
    a.priority === b.priority
  );
}
