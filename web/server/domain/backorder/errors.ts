import { WaitwellError } from "../../errors.js";
import type { LineItemGid } from "../shared/gid.js";
import type { LineEvent, LineStatus } from "./types.js";

/** Root of the backorder domain's errors; part of the app's single hierarchy so one handler maps them all. */
export class BackorderError extends WaitwellError {}

/**
 * An event that the line's current state does not allow (releasing a hold that was never placed, anything on a
 * fulfilled line, allocating more than waits). Returned by `transition`, never thrown by it.
 */
export class IllegalTransitionError extends BackorderError {
  override readonly status = 409;
  override readonly code = "illegal_transition";
  override readonly expose = true;
  constructor(
    readonly lineItemId: LineItemGid,
    readonly from: LineStatus,
    readonly event: LineEvent["type"],
    readonly reason: string,
  ) {
    super(`Line ${lineItemId}: cannot ${event} from ${from}: ${reason}`, { lineItemId, from, event, reason });
  }
}

/** `decideBackorders` was given lines of a pool (inventory item × location) without the pool's stock level. */
export class MissingStockLevelError extends BackorderError {
  override readonly code = "missing_stock_level";
  constructor(readonly pools: ReadonlyArray<{ inventoryItemId: string; locationId: string }>) {
    super(`No stock level for ${pools.map((p) => `${p.inventoryItemId} @ ${p.locationId}`).join(", ")}`, {
      pools,
    });
  }
}
