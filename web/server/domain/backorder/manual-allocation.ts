import { InvalidValueError } from "../shared/errors.js";
import type { LineItemGid } from "../shared/gid.js";
import { decideBackorders, type DecideInput } from "./decide.js";
import { TERMINAL_STATUSES } from "./types.js";

/** How much staff may reserve for one line by hand, and the numbers behind it (for an error that explains them). */
export interface AllocationRoom {
  /** Units that still wait on the line. */
  waiting: number;
  /** Units the pool's open lines share (never below 0). */
  supply: number;
  /** Units the other lines of the pool hold (in stock or reserved). */
  claimedByOthers: number;
  /** Units of the supply that no line holds, the line itself included. */
  free: number;
  /** The most staff may reserve now: min(waiting, free). */
  max: number;
}

/**
 * A staff reservation overrides the merchant's rules (a partial grant they forbid, a line out of turn) but never
 * takes stock another line holds: it comes from the pool's free supply, as a fresh decision over the pool sees it.
 * `input.lines` must hold every open line of the line's pool, as for `decideBackorders`.
 */
export function allocationRoom(input: DecideInput, lineItemId: LineItemGid): AllocationRoom {
  const index = input.lines.findIndex((l) => l.lineItemId === lineItemId);
  const line = input.lines[index];
  if (!line) throw new InvalidValueError("lineItemId", `${lineItemId} is not among the lines given`);
  if (!line.tracked || TERMINAL_STATUSES.has(line.status)) {
    // Nothing waits on an untracked or closed line, and it is in no pool.
    return { waiting: 0, supply: 0, claimedByOthers: 0, free: 0, max: 0 };
  }

  const decision = decideBackorders(input);
  const pool = decision.pools.find(
    (p) => p.inventoryItemId === line.inventoryItemId && p.locationId === line.locationId,
  );
  const supply = Math.max(0, pool?.supply ?? 0);
  let claimedByOthers = 0;
  input.lines.forEach((other, i) => {
    if (
      i === index ||
      !other.tracked ||
      TERMINAL_STATUSES.has(other.status) ||
      other.inventoryItemId !== line.inventoryItemId ||
      other.locationId !== line.locationId
    )
      return;
    const d = decision.lines[i]!;
    claimedByOthers += d.inStock + d.allocated;
  });
  const own = decision.lines[index]!;
  const free = Math.max(0, supply - claimedByOthers - own.inStock - own.allocated);
  return { waiting: own.waiting, supply, claimedByOthers, free, max: Math.min(own.waiting, free) };
}
