import { isLineStatus, type BackorderLine, type LineHistoryEntry } from "../../../domain/backorder/index.js";
import { InvalidValueError } from "../../../domain/shared/errors.js";
import { toEpochMs, toIsoString } from "../../../domain/shared/instant.js";
import { assertUnits } from "../../../domain/shared/quantity.js";
import { rejectDuplicates, writesOf } from "../../backorder-rows.js";
import type { DecisionChange, StoredLine } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { storeLevel } from "./mirrors.js";
import { queueWrites } from "./outbox.js";
import { copy, key, type MemoryState } from "./state.js";

type SavedLine = BackorderLine & {
  productTitle?: string | null;
  variantTitle?: string | null;
  sku?: string | null;
};

/** Int columns are 32-bit on PostgreSQL. */
const INT32_MAX = 2_147_483_647;

export async function saveDecision(s: MemoryState, shop: ShopDomain, change: DecisionChange): Promise<void> {
  // Everything is converted (and so validated) before the first write: all of it is stored or none.
  rejectDuplicates(change);
  const now = s.clock.now();
  const orders = change.orders.map((o) => {
    toEpochMs(o.orderCreatedAt, "orderCreatedAt");
    toEpochMs(o.sourceUpdatedAt, "sourceUpdatedAt");
    return { ...copy(o), shop };
  });
  const { lines, history } = storedLines(s, shop, change, now);
  const levels = (change.levels ?? []).map((l) => {
    assertUnits(l.available, "available", { allowNegative: true });
    return { ...l, asOf: new Date(toEpochMs(l.asOf, "asOf")) };
  });

  for (const l of levels) storeLevel(s, shop, l);
  for (const o of orders) s.orders.set(key(shop, o.orderId), o);
  storeLines(s, shop, lines, history);
  queueWrites(s, shop, writesOf(change), now);
}

/** Lines and history as they will be stored, converted (and so validated) before anything is written. */
export function storedLines(
  s: MemoryState,
  shop: ShopDomain,
  change: Pick<DecisionChange, "lines" | "history">,
  now: Date,
): { lines: StoredLine[]; history: LineHistoryEntry[] } {
  const lines = change.lines.map((l) => {
    checkLine(l);
    const stored = s.lines.get(key(shop, l.lineItemId))?.line;
    const line: StoredLine = {
      ...domainLine(l),
      productTitle: l.productTitle !== undefined ? l.productTitle : (stored?.productTitle ?? null),
      variantTitle: l.variantTitle !== undefined ? l.variantTitle : (stored?.variantTitle ?? null),
      sku: l.sku !== undefined ? l.sku : (stored?.sku ?? null),
      updatedAt: new Date(now),
    };
    return line;
  });
  const history = change.history.map((h) => ({ ...copy(h), at: toIsoString(h.at, "history.at") }));
  return { lines, history };
}

export function storeLines(
  s: MemoryState,
  shop: ShopDomain,
  lines: StoredLine[],
  history: LineHistoryEntry[],
): void {
  for (const line of lines) s.lines.set(key(shop, line.lineItemId), { shop, line });
  for (const entry of history) s.history.push({ shop, entry });
}

/** The domain fields of a line, orderCreatedAt normalised to the ISO form storage gives back. */
function domainLine(l: SavedLine): BackorderLine {
  return {
    lineItemId: l.lineItemId,
    orderId: l.orderId,
    orderCreatedAt: toIsoString(l.orderCreatedAt, "orderCreatedAt"),
    variantId: l.variantId,
    inventoryItemId: l.inventoryItemId,
    locationId: l.locationId,
    tracked: l.tracked,
    tags: [...l.tags],
    priority: l.priority,
    status: l.status,
    quantity: l.quantity,
    inStock: l.inStock,
    allocated: l.allocated,
    partialAllocations: l.partialAllocations,
  };
}

/** The checks the Prisma repository makes before a line reaches its columns. */
function checkLine(l: SavedLine): void {
  if (!isLineStatus(l.status)) {
    throw new InvalidValueError("status", `unknown line status ${JSON.stringify(l.status)}`);
  }
  if (l.priority !== null) assertInt(l.priority, "priority", true);
  assertInt(l.quantity, "quantity");
  assertInt(l.inStock, "inStock");
  assertInt(l.allocated, "allocated");
  assertInt(l.partialAllocations, "partialAllocations");
}

function assertInt(value: number, field: string, allowNegative = false): void {
  assertUnits(value, field, { allowNegative });
  if (Math.abs(value) > INT32_MAX)
    throw new InvalidValueError(field, `${value} does not fit a 32-bit integer`);
}
