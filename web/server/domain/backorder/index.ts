/**
 * The backorder engine, pure: which units ship now, which wait, who gets arriving stock, and what Shopify should
 * show. No I/O, no clock: time comes in as a parameter. See README.md for the stock model and the rules.
 */
export { decideBackorders, type DecideInput } from "./decide.js";
export {
  applyDecision,
  deriveStatus,
  heldUnits,
  newLine,
  shippedAfterWaiting,
  transition,
  waitingUnits,
  type NewLineInput,
  type TransitionResult,
} from "./line-state.js";
export {
  lineHoldHandle,
  metafieldEta,
  metafieldNeedsWrite,
  parseOrderMetafield,
  sameMetafield,
  summarizeOrder,
  type LineEtas,
  type LineHold,
  type MetafieldEta,
  type OrderMetafield,
  type OrderMetafieldLine,
  type OrderSummary,
  type PublicLineStatus,
} from "./order-summary.js";
export { resolveAllocationRules, tagRank } from "./allocation-rules.js";
export {
  compareFirstComeFirstServed,
  inQueueOrder,
  queueSecond,
  takeBackOutOfTurn,
  type QueueKey,
} from "./queue-order.js";
export { FirstComeQueue } from "./first-come-queue.js";
export { withoutUndoneDecisions } from "./undone-decisions.js";
export { allocationRoom, type AllocationRoom } from "./manual-allocation.js";
export { planStockAllocation } from "./bulk-allocation.js";
export { BackorderError, IllegalTransitionError, MissingStockLevelError } from "./errors.js";
export {
  DEFAULT_ALLOCATION_RULES,
  isLineStatus,
  LINE_STATUSES,
  TERMINAL_STATUSES,
  type AllocationRules,
  type BackorderLine,
  type Cause,
  type Decision,
  type LineDecision,
  type LineEvent,
  type LineHistoryEntry,
  type LineNote,
  type LineQuantities,
  type LineStatus,
  type PoolDecision,
  type StockLevel,
} from "./types.js";
