/**
 * Money as Shopify sends it: decimal strings ("188.0", "12.5", "7"). Arithmetic happens in integer cents, never in
 * floats. Two-decimal currencies only (Shopify's shop currencies with other exponents are out of scope here).
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d*))?$/;

export function isDecimalAmount(amount: string): boolean {
  return DECIMAL.test(amount.trim());
}

/** "12.5" → 1250. Digits past the second decimal are dropped (Shopify sends at most two for these currencies). */
export function toCents(amount: string): number {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new RangeError(`not a decimal amount: ${JSON.stringify(amount)}`);
  const [, sign, whole = "0", fraction = ""] = match;
  const cents = Number(whole) * 100 + Number((fraction + "00").slice(0, 2));
  return sign === "-" ? -cents : cents;
}

/** 1250 → "12.50". */
export function fromCents(cents: number): string {
  if (!Number.isInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
