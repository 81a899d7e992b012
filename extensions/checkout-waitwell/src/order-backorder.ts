/**
 * Reading Waitwell's v1 order metafield (`$app` / `backorder`, json) on the order status page: per line item, the
 * units shipping now, the units waiting, their status and, once known, their ETA. Mirrors
 * web/server/domain/backorder/order-summary.ts (the writer). Anything else reads as "no record".
 */
import { NAMESPACE, isEta, numericId, parseJson, type MetafieldEntry, type PayloadEta } from "./availability";

export const ORDER_KEY = "backorder";

export type OrderLineStatus =
  | "in_stock"
  | "backordered"
  | "partially_allocated"
  | "allocated"
  | "released"
  | "fulfilled"
  | "cancelled"
  | "substituted";

const STATUSES: ReadonlySet<string> = new Set<OrderLineStatus>([
  "in_stock",
  "backordered",
  "partially_allocated",
  "allocated",
  "released",
  "fulfilled",
  "cancelled",
  "substituted",
]);

export interface OrderBackorderLine {
  lineItemId: string;
  variantId: string;
  shipNow: number;
  waiting: number;
  status: OrderLineStatus;
  /** When the waiting units are expected to ship now. */
  eta: PayloadEta | null;
  /** What the customer was promised (at purchase, or a later date they accepted); absent in older records. */
  promised: PayloadEta | null;
}

export interface OrderBackorder {
  v: 1;
  lines: OrderBackorderLine[];
  /**
   * The order's self-service page (wait, accept a new date, swap, cancel) through the shop's app proxy, with a signed
   * token, while a unit waits; null otherwise, in older records, or when it is not an http(s) URL.
   */
  manage: string | null;
  updatedAt: string;
}

const count = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

export function parseOrderBackorder(value: unknown): OrderBackorder | null {
  const data = parseJson(value) as Partial<OrderBackorder> | null;
  if (!data || data.v !== 1 || typeof data.updatedAt !== "string" || !Array.isArray(data.lines)) return null;
  const lines: OrderBackorderLine[] = [];
  for (const raw of data.lines as Partial<OrderBackorderLine>[]) {
    if (
      typeof raw?.lineItemId !== "string" ||
      typeof raw.variantId !== "string" ||
      !count(raw.shipNow) ||
      !count(raw.waiting) ||
      !STATUSES.has(raw.status as string) ||
      (raw.eta !== null && !isEta(raw.eta)) ||
      (raw.promised != null && !isEta(raw.promised))
    ) {
      return null;
    }
    lines.push({
      lineItemId: raw.lineItemId,
      variantId: raw.variantId,
      shipNow: raw.shipNow,
      waiting: raw.waiting,
      status: raw.status as OrderLineStatus,
      eta: raw.eta,
      promised: raw.promised ?? null,
    });
  }
  return { v: 1, lines, manage: webLink(data.manage), updatedAt: data.updatedAt };
}

/** Only an absolute http(s) URL is ever put behind a link. */
function webLink(value: unknown): string | null {
  return typeof value === "string" && /^https?:\/\//i.test(value) ? value : null;
}

export function orderBackorderFor(
  entries: readonly MetafieldEntry[],
  orderId: string,
): OrderBackorder | null {
  const wanted = numericId(orderId);
  const entry = entries.find(
    (e) =>
      e.target.type === "order" &&
      numericId(e.target.id) === wanted &&
      e.metafield.namespace === NAMESPACE &&
      e.metafield.key === ORDER_KEY,
  );
  return entry ? parseOrderBackorder(entry.metafield.value) : null;
}

/** What the order status page says about one order line's variant. */
export type LineOutlook =
  | { kind: "none" }
  | { kind: "waiting"; waiting: number; eta: PayloadEta | null; promised: PayloadEta | null }
  | { kind: "ready" };

/** The latest of some ETAs (the day the last unit is due); null when any is unknown or there are none. */
function latest(etas: (PayloadEta | null)[]): PayloadEta | null {
  if (etas.length === 0 || etas.includes(null)) return null;
  return (etas as PayloadEta[]).reduce((last, e) => (e.to > last.to ? e : last));
}

/**
 * Order status lines are cart lines (their ids are not line item ids), so the record's lines are matched by variant.
 * Several line items of one variant add up; their ETA is the latest one, the date the last unit is due.
 */
export function lineOutlook(record: OrderBackorder, variantId: string): LineOutlook {
  const mine = record.lines.filter((l) => numericId(l.variantId) === numericId(variantId));
  const waiting = mine.filter((l) => l.waiting > 0);
  if (waiting.length > 0) {
    const total = waiting.reduce((sum, l) => sum + l.waiting, 0);
    return {
      kind: "waiting",
      waiting: total,
      eta: latest(waiting.map((l) => l.eta)),
      promised: latest(waiting.map((l) => l.promised)),
    };
  }
  if (mine.some((l) => l.status === "allocated" || l.status === "released")) return { kind: "ready" };
  return { kind: "none" };
}
