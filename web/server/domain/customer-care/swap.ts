import { fromCents, toCents } from "../shared/money.js";
import type { CareSettings } from "./settings.js";

/**
 * What a swap does to the money, per the merchant's setting. The customer never pays more: a dearer substitute is
 * discounted to the price paid (the merchant absorbs the difference). A cheaper one leaves the customer owed
 * the difference, which is refunded ("refund") or kept by the merchant ("keep").
 */
export interface SwapMoney {
  /** Per unit, decimal string: the most the substitute may cost the customer (the price paid), or null if unknown. */
  priceCap: string | null;
  /** Refunded to the customer, decimal string; null when nothing is refunded. */
  refund: string | null;
  /** Owed to the customer but kept by the merchant under "keep", decimal string; null when nothing is kept. */
  kept: string | null;
}

export function swapMoney(
  paidPerUnit: string | null,
  substitutePerUnit: string,
  units: number,
  policy: CareSettings["swapPriceDifference"],
): SwapMoney {
  if (paidPerUnit === null) return { priceCap: null, refund: null, kept: null };
  const owed = (toCents(paidPerUnit) - toCents(substitutePerUnit)) * units;
  if (owed <= 0) return { priceCap: paidPerUnit, refund: null, kept: null };
  return policy === "refund"
    ? { priceCap: paidPerUnit, refund: fromCents(owed), kept: null }
    : { priceCap: paidPerUnit, refund: null, kept: fromCents(owed) };
}
