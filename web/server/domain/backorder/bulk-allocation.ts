import type { LineItemGid } from "../shared/gid.js";
import type { Instant } from "../shared/instant.js";
import type { DecideInput } from "./decide.js";
import { transition } from "./line-state.js";
import { allocationRoom } from "./manual-allocation.js";
import { compareFirstComeFirstServed } from "./queue-order.js";
import type { BackorderLine, Cause } from "./types.js";

/**
 * "Allocate from stock" for several lines at once: each chosen line, first come first served, gets as many of its
 * waiting units as the pool's free supply still has once the lines before it took theirs (the same room a single
 * staff allocation has, allocationRoom). Lines not in `input.lines`, closed or without free stock get 0.
 * `input.lines` must hold every open line of the pools concerned, as for decideBackorders.
 */
export function planStockAllocation(
  input: DecideInput,
  chosen: readonly LineItemGid[],
  at: Instant,
  cause: Cause,
): Map<LineItemGid, number> {
  const lines: BackorderLine[] = [...input.lines];
  const wanted = new Set(chosen);
  const order = lines.filter((l) => wanted.has(l.lineItemId)).sort(compareFirstComeFirstServed);
  const plan = new Map<LineItemGid, number>(chosen.map((id) => [id, 0]));
  for (const line of order) {
    const units = allocationRoom({ ...input, lines }, line.lineItemId).max;
    if (units <= 0) continue;
    const result = transition(line, { type: "allocate", units }, at, cause);
    if (!result.ok) continue;
    plan.set(line.lineItemId, units);
    lines[lines.findIndex((l) => l.lineItemId === line.lineItemId)] = result.line;
  }
  return plan;
}
