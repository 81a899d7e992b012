import { InvalidValueError } from "../shared/errors.js";
import {
  compareGids,
  gidNumericId,
  isGid,
  parseGid,
  type LineItemGid,
  type OrderGid,
  type ProductVariantGid,
} from "../shared/gid.js";
import { toIsoString, type Instant } from "../shared/instant.js";
import { ETA_SOURCES, isCalendarDate, type CalendarDate, type Eta, type EtaSource } from "../eta/index.js";
import { heldUnits } from "./line-state.js";
import type { BackorderLine, LineStatus } from "./types.js";

/** The statuses a decided line can show; `new` never leaves the engine. */
export type PublicLineStatus = Exclude<LineStatus, "new">;

const PUBLIC_STATUSES: ReadonlySet<string> = new Set<PublicLineStatus>([
  "in_stock",
  "backordered",
  "partially_allocated",
  "allocated",
  "released",
  "fulfilled",
  "cancelled",
  "substituted",
]);

/** A day or a range of days (`from === to` for one day), as the storefront payloads write ETAs. */
export interface MetafieldEta {
  from: CalendarDate;
  to: CalendarDate;
  source: EtaSource;
}

/**
 * One line of the order metafield. `shipNow + waiting` is the line's open quantity; `waiting` is what we hold.
 * `eta`: when the waiting units are expected to ship now (null: nothing waits, or no date can be given);
 * `promised`: what the customer holds us to (the date promised at purchase, or a later one they accepted).
 */
export interface OrderMetafieldLine {
  lineItemId: LineItemGid;
  variantId: ProductVariantGid;
  shipNow: number;
  waiting: number;
  status: PublicLineStatus;
  eta: MetafieldEta | null;
  promised: MetafieldEta | null;
}

/** A waiting line's promise as the order metafield shows it: the current ETA and the commitment. */
export interface LineEtas {
  current: Eta;
  promised: Eta;
}

/** An Eta as the metafield writes it; null when unknown. */
export function metafieldEta(eta: Eta): MetafieldEta | null {
  switch (eta.kind) {
    case "date":
      return { from: eta.date, to: eta.date, source: eta.source };
    case "range":
      return { from: eta.from, to: eta.to, source: eta.source };
    case "unknown":
      return null;
  }
}

/**
 * The JSON Waitwell writes to the order's app-owned metafield. `manage`: the order's self-service page (an absolute
 * URL through the shop's app proxy, with a signed, expiring token) while some unit waits, for the order-status and
 * thank-you extensions to link to; null otherwise, and in records written before it was carried.
 */
export interface OrderMetafield {
  v: 1;
  lines: OrderMetafieldLine[];
  manage: string | null;
  updatedAt: string;
}

/** A fulfillment hold on the waiting units of one line (reason INVENTORY_OUT_OF_STOCK). */
export interface LineHold {
  lineItemId: LineItemGid;
  /** Stable across runs, so placing it twice is recognised as the same hold. */
  handle: string;
  quantity: number;
}

export interface OrderSummary {
  orderId: OrderGid;
  /** Some unit waits: the order carries the backorder tag. */
  backordered: boolean;
  metafield: OrderMetafield;
  /** Holds that should exist, one per line with waiting units; in-stock units are never held. */
  holds: LineHold[];
}

const HANDLE_PREFIX = "waitwell-";

/**
 * The hold handle of a line: "waitwell-<line item numeric id>", at most 29 characters (Shopify allows 64), the same
 * on every run (https://shopify.dev/docs/api/admin-graphql/latest/objects/FulfillmentHold).
 */
export function lineHoldHandle(lineItemId: LineItemGid): string {
  return HANDLE_PREFIX + gidNumericId(parseGid("LineItem", lineItemId, "lineItemId"));
}

/**
 * What Shopify should show for an order, from its decided lines. `etas` holds the promises of the lines that wait
 * (keyed by line item id); a waiting line without one shows no date yet. `manage` (the self-service link) is shown
 * only while some unit waits.
 */
export function summarizeOrder(
  orderId: OrderGid,
  lines: readonly BackorderLine[],
  at: Instant,
  etas: ReadonlyMap<string, LineEtas> = new Map(),
  manage: string | null = null,
): OrderSummary {
  parseGid("Order", orderId, "orderId");
  const sorted = [...lines].sort((a, b) => compareGids(a.lineItemId, b.lineItemId));
  const metafieldLines: OrderMetafieldLine[] = [];
  const holds: LineHold[] = [];
  for (const line of sorted) {
    if (line.orderId !== orderId) {
      throw new InvalidValueError("lines", `${line.lineItemId} belongs to ${line.orderId}, not ${orderId}`);
    }
    if (line.status === "new")
      throw new InvalidValueError("lines", `${line.lineItemId} has not been decided yet`);
    const waiting = heldUnits(line);
    const promise = waiting > 0 ? etas.get(line.lineItemId) : undefined;
    metafieldLines.push({
      lineItemId: line.lineItemId,
      variantId: line.variantId,
      shipNow: line.quantity - waiting,
      waiting,
      status: line.status,
      eta: promise ? metafieldEta(promise.current) : null,
      promised: promise ? metafieldEta(promise.promised) : null,
    });
    if (waiting > 0)
      holds.push({ lineItemId: line.lineItemId, handle: lineHoldHandle(line.lineItemId), quantity: waiting });
  }
  return {
    orderId,
    backordered: holds.length > 0,
    metafield: {
      v: 1,
      lines: metafieldLines,
      manage: holds.length > 0 ? manage : null,
      updatedAt: toIsoString(at),
    },
    holds,
  };
}

/** Same content, whenever written (`updatedAt` is ignored). */
export function sameMetafield(a: OrderMetafield, b: OrderMetafield): boolean {
  if (a.v !== b.v || a.manage !== b.manage || a.lines.length !== b.lines.length) return false;
  return a.lines.every((line, i) => {
    const other = b.lines[i];
    return (
      other !== undefined &&
      line.lineItemId === other.lineItemId &&
      line.variantId === other.variantId &&
      line.shipNow === other.shipNow &&
      line.waiting === other.waiting &&
      line.status === other.status &&
      sameEta(line.eta, other.eta) &&
      sameEta(line.promised, other.promised)
    );
  });
}

/**
 * Whether the metafield must be written. An order never written before is only written once something waits, so
 * an order whose lines all ship costs nothing; after that, only a change in content is written, so a re-run after
 * a crash or a duplicate webhook writes nothing.
 */
export function metafieldNeedsWrite(previous: OrderMetafield | null, next: OrderSummary): boolean {
  if (previous === null) return next.backordered;
  return !sameMetafield(previous, next.metafield);
}

/**
 * Reads a metafield value back (the JSON string Shopify returns, or the parsed object). Anything that is not a
 * version 1 Waitwell metafield gives null, which `metafieldNeedsWrite` treats as never written.
 */
export function parseOrderMetafield(value: unknown): OrderMetafield | null {
  let data: unknown = value;
  if (typeof value === "string") {
    try {
      data = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (!isRecord(data) || data.v !== 1 || typeof data.updatedAt !== "string" || !Array.isArray(data.lines))
    return null;
  const lines: OrderMetafieldLine[] = [];
  for (const raw of data.lines) {
    if (
      !isRecord(raw) ||
      !isGid("LineItem", raw.lineItemId) ||
      !isGid("ProductVariant", raw.variantId) ||
      !Number.isSafeInteger(raw.shipNow) ||
      !Number.isSafeInteger(raw.waiting) ||
      typeof raw.status !== "string" ||
      !PUBLIC_STATUSES.has(raw.status)
    ) {
      return null;
    }
    const eta = parseEta(raw.eta);
    // Written before promises were carried: no `promised` key reads as none.
    const promised = parseEta(raw.promised ?? null);
    if (eta === undefined || promised === undefined) return null;
    lines.push({
      lineItemId: raw.lineItemId,
      variantId: raw.variantId,
      shipNow: raw.shipNow as number,
      waiting: raw.waiting as number,
      status: raw.status as PublicLineStatus,
      eta,
      promised,
    });
  }
  // Written before the link was carried: none.
  const manage = data.manage ?? null;
  if (manage !== null && typeof manage !== "string") return null;
  return { v: 1, lines, manage, updatedAt: data.updatedAt };
}

const SOURCES: ReadonlySet<unknown> = new Set(ETA_SOURCES);

/** null for null; undefined for anything that is not a metafield ETA. */
function parseEta(value: unknown): MetafieldEta | null | undefined {
  if (value === null) return null;
  if (!isRecord(value) || !isCalendarDate(value.from) || !isCalendarDate(value.to)) return undefined;
  if (value.to < value.from || !SOURCES.has(value.source)) return undefined;
  return { from: value.from, to: value.to, source: value.source as EtaSource };
}

function sameEta(a: MetafieldEta | null, b: MetafieldEta | null): boolean {
  if (a === null || b === null) return a === b;
  return a.from === b.from && a.to === b.to && a.source === b.source;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
