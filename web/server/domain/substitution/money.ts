import { InvalidValueError } from "../shared/errors.js";

/** Shopify's `Money.amount` / `price`: a decimal string, never a float ("12.00", "1500", "0.5"). */
const DECIMAL = /^(\d+)(?:\.(\d{1,6}))?$/;
const SCALE = 6;

/** The amount in millionths of the currency unit, as an exact bigint. */
export function toMicros(amount: string, field = "price"): bigint {
  const match = typeof amount === "string" ? DECIMAL.exec(amount.trim()) : null;
  if (!match)
    throw new InvalidValueError(
      field,
      `expected a decimal amount like "12.00", got ${JSON.stringify(amount)}`,
    );
  const whole = match[1] ?? "0";
  const fraction = (match[2] ?? "").padEnd(SCALE, "0");
  return BigInt(whole) * 10n ** BigInt(SCALE) + BigInt(fraction);
}

/** A price band around the original's price, in whole percent: 20/20 keeps 80 %–120 %. */
export interface PriceBand {
  belowPercent: number;
  abovePercent: number;
}

/** `price` lies within the band around `reference` (both in micros); exact integer arithmetic, bounds included. */
export function withinBand(price: bigint, reference: bigint, band: PriceBand): boolean {
  return (
    price * 100n >= reference * BigInt(100 - band.belowPercent) &&
    price * 100n <= reference * BigInt(100 + band.abovePercent)
  );
}

export function assertBand(band: PriceBand): void {
  if (!Number.isSafeInteger(band.belowPercent) || band.belowPercent < 0 || band.belowPercent > 100) {
    throw new InvalidValueError(
      "priceBand.belowPercent",
      `expected an integer from 0 to 100, got ${band.belowPercent}`,
    );
  }
  if (!Number.isSafeInteger(band.abovePercent) || band.abovePercent < 0) {
    throw new InvalidValueError(
      "priceBand.abovePercent",
      `expected an integer >= 0, got ${band.abovePercent}`,
    );
  }
}
