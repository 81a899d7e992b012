/**
 * What the memory and Prisma backorder repositories share, so they behave alike: the page cursor of `listLines`
 * (the same format in both: a cursor means the same thing whatever the storage) and the duplicate check of
 * `saveDecision`.
 */
import { InvalidValueError } from "../domain/shared/errors.js";
import { instantMs, type Instant } from "../domain/shared/instant.js";
import { ValidationError } from "../errors.js";
import {
  WRITE_URGENCY,
  type DecisionChange,
  type ShopifyWriteRequest,
} from "../use-cases/backorder/ports.js";

/** Where a page of lines ends: the last line's order time, order id and line id. */
export interface LineCursor {
  orderCreatedAt: Instant;
  orderId: string;
  lineItemId: string;
}

export function encodeLineCursor(line: LineCursor): string {
  return Buffer.from(
    JSON.stringify([instantMs(line.orderCreatedAt), line.orderId, line.lineItemId]),
  ).toString("base64url");
}

export function decodeLineCursor(cursor: string): {
  orderCreatedAt: Date;
  orderId: string;
  lineItemId: string;
} {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === "string" &&
      typeof value[2] === "string"
    ) {
      return { orderCreatedAt: new Date(value[0] as number), orderId: value[1], lineItemId: value[2] };
    }
  } catch {
    // not base64url JSON: reported below
  }
  throw new ValidationError("cursor: not a cursor returned by this API", { field: "cursor" });
}

/** A line or order given twice to one saveDecision is a caller's bug (PostgreSQL would refuse the upsert too). */
export function rejectDuplicates(change: {
  orders: readonly { orderId: string }[];
  lines: readonly { lineItemId: string }[];
}): void {
  for (const [field, ids] of [
    ["orders", change.orders.map((o) => o.orderId)],
    ["lines", change.lines.map((l) => l.lineItemId)],
  ] as const) {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) throw new InvalidValueError(field, `${id} is given twice`);
      seen.add(id);
    }
  }
}

/** The change's writes, plus one for every order saved with needsSync that the change does not list. */
export function writesOf(change: DecisionChange): ShopifyWriteRequest[] {
  const byKey = new Map<string, ShopifyWriteRequest>();
  const add = (w: ShopifyWriteRequest) => {
    const key = `${w.kind} ${w.targetId}`;
    const seen = byKey.get(key);
    if (!seen || w.urgency < seen.urgency) byKey.set(key, w);
  };
  for (const w of change.writes ?? []) add(w);
  for (const o of change.orders) {
    if (o.needsSync && !byKey.has(`order ${o.orderId}`)) {
      add({ kind: "order", targetId: o.orderId, urgency: WRITE_URGENCY.order });
    }
  }
  return [...byKey.values()];
}
