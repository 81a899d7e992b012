/**
 * What to reorder, per variant: the units customers wait for, plus what they are expected to order while the next
 * delivery is on its way, minus what is already on its way.
 *
 *   suggested = max(0, waiting + ⌈ordered in the last DEMAND_WINDOW_DAYS × lead time ÷ DEMAND_WINDOW_DAYS⌉ − incoming)
 *
 * The lead time is the governing rule's lead time (its longest), else the supplier feed's next date, else the shop's
 * default. The admin states this method next to the list; the numbers are whole units, computed in integers.
 */
export const DEMAND_WINDOW_DAYS = 28;
export const DEFAULT_LEAD_TIME_DAYS = 14;

export type LeadTimeSource = "rule" | "supplier_feed" | "default";

export interface ReorderInput {
  variantId: string;
  sku: string | null;
  title: string;
  waitingUnits: number;
  /** Units ordered in the last DEMAND_WINDOW_DAYS days (every order of the variant, waiting or not). */
  orderedInWindow: number;
  leadTime: { days: number; source: LeadTimeSource };
  /** Units on their way (Shopify's incoming quantity). */
  incoming: number;
}

export interface ReorderLine extends ReorderInput {
  /** Expected orders over the lead time, rounded up to whole units. */
  expectedDemand: number;
  suggested: number;
}

export function reorderLine(input: ReorderInput): ReorderLine {
  const days = Math.max(0, Math.floor(input.leadTime.days));
  const expectedDemand = Math.ceil((Math.max(0, input.orderedInWindow) * days) / DEMAND_WINDOW_DAYS);
  const suggested = Math.max(0, input.waitingUnits + expectedDemand - Math.max(0, input.incoming));
  return { ...input, leadTime: { ...input.leadTime, days }, expectedDemand, suggested };
}

/** Every variant that has units waiting or something to reorder, the largest suggestion first. */
export function reorderList(inputs: readonly ReorderInput[]): ReorderLine[] {
  return inputs
    .map(reorderLine)
    .filter((l) => l.waitingUnits > 0 || l.suggested > 0)
    .sort(
      (a, b) =>
        b.suggested - a.suggested ||
        b.waitingUnits - a.waitingUnits ||
        a.variantId.localeCompare(b.variantId),
    );
}
