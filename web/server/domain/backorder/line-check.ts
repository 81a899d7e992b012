import { InvalidValueError } from "../shared/errors.js";
import { isGid, parseGid } from "../shared/gid.js";
import { instantMs, toEpochMs } from "../shared/instant.js";
import { assertUnits, isUnits } from "../shared/quantity.js";
import type { BackorderLine } from "./types.js";

/**
 * The order time of each frozen line already checked. A frozen line cannot change, so its check holds for good: the
 * engine re-decides a pool with the same stored lines at every event of a batch (hundreds of lines, each checked
 * and its ISO order time parsed again otherwise). A line that is not frozen is checked at every call.
 */
const checkedMs = new WeakMap<BackorderLine, number>();

export function checkLine(line: BackorderLine, i: number): number {
  const known = checkedMs.get(line);
  if (known !== undefined) {
    // A Date stays mutable inside a frozen line: its time is read again.
    if (!(line.orderCreatedAt instanceof Date)) return known;
    const ms = line.orderCreatedAt.getTime();
    if (Number.isFinite(ms)) return ms;
  }
  const ms = checkLineOnce(line, i);
  if (Object.isFrozen(line)) checkedMs.set(line, ms);
  return ms;
}

/**
 * Validates a line without allocating on the happy path (it runs 100,000 times in a restock); field names are
 * only built for the error. Returns the order's creation time in milliseconds.
 */
function checkLineOnce(line: BackorderLine, i: number): number {
  // Only the ids the ordering relies on are checked here; a malformed inventory item or location id finds no
  // stock level and is reported as missing.
  if (!isGid("LineItem", line.lineItemId)) parseGid("LineItem", line.lineItemId, `lines[${i}].lineItemId`);
  if (!isGid("Order", line.orderId)) parseGid("Order", line.orderId, `lines[${i}].orderId`);
  if (!isUnits(line.quantity)) assertUnits(line.quantity, `lines[${i}].quantity`);
  if (!isUnits(line.inStock)) assertUnits(line.inStock, `lines[${i}].inStock`);
  if (!isUnits(line.allocated)) assertUnits(line.allocated, `lines[${i}].allocated`);
  if (!isUnits(line.partialAllocations))
    assertUnits(line.partialAllocations, `lines[${i}].partialAllocations`);
  if (line.priority !== null && !Number.isSafeInteger(line.priority)) {
    assertUnits(line.priority, `lines[${i}].priority`, { allowNegative: true });
  }
  if (line.inStock + line.allocated > line.quantity) {
    throw new InvalidValueError(`lines[${i}]`, "inStock + allocated exceeds the open quantity");
  }
  const ms = instantMs(line.orderCreatedAt);
  return Number.isFinite(ms) ? ms : toEpochMs(line.orderCreatedAt, `lines[${i}].orderCreatedAt`);
}
