import { InvalidValueError } from "../shared/errors.js";

/**
 * Exact decimal money for the dashboard's sums: Shopify gives prices as decimal strings ("188.0", "12.50"), and a
 * float would drift over thousands of units. Amounts are held as BigInt at 10⁻⁴ of the currency unit (no currency
 * Shopify sells in has more than 3 decimals), written back as a decimal string with at least two decimals.
 */
const SCALE = 4;
const FACTOR = 10n ** BigInt(SCALE);

export function parseDecimal(amount: string, field = "amount"): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{0,4})\d*)?$/.exec(amount.trim());
  if (!match) throw new InvalidValueError(field, `expected a decimal amount, got ${JSON.stringify(amount)}`);
  const [, sign, whole, fraction = ""] = match;
  const value = BigInt(whole!) * FACTOR + BigInt((fraction + "0000").slice(0, SCALE));
  return sign ? -value : value;
}

export function formatDecimal(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / FACTOR;
  let fraction = (abs % FACTOR).toString().padStart(SCALE, "0").replace(/0+$/, "");
  if (fraction.length < 2) fraction = fraction.padEnd(2, "0");
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/** Σ units × unit price; lines without a known price are counted apart (the value is then a lower bound). */
export function stockValue(items: readonly { units: number; unitPrice: string | null }[]): {
  amount: string;
  unpricedUnits: number;
} {
  let total = 0n;
  let unpricedUnits = 0;
  for (const item of items) {
    if (item.unitPrice === null) {
      unpricedUnits += item.units;
      continue;
    }
    total += parseDecimal(item.unitPrice, "unitPrice") * BigInt(item.units);
  }
  return { amount: formatDecimal(total), unpricedUnits };
}
