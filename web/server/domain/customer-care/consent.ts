import type { Instant } from "../shared/instant.js";

/** The cart attribute the checkout extension writes when the shopper ticks "I understand these items ship later". */
export const ACK_ATTRIBUTE = "_waitwell_backorder_ack";

/**
 * The acknowledgement time from an order's note_attributes (cart attributes copied to the order). The value is the
 * ISO time the box was ticked; a value that is not a time still means the box was ticked, at the order's time.
 */
export function acknowledgedAt(
  noteAttributes: readonly { name: string; value: string | null }[],
  orderCreatedAt: Instant,
): Date | null {
  const attribute = noteAttributes.find((a) => a.name === ACK_ATTRIBUTE);
  if (!attribute || attribute.value === null || attribute.value.trim() === "") return null;
  const at = Date.parse(attribute.value);
  return Number.isNaN(at) ? new Date(orderCreatedAt) : new Date(at);
}
