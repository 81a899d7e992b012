/**
 * Money as Shopify keeps it: decimal strings, computed in integer minor units (never floats). The dev store's
 * currencies all have two decimals.
 */
const MONEY_RE = /^-?\d+(\.\d{1,2})?$/;

export function isMoney(value: string): boolean {
  return MONEY_RE.test(value.trim());
}

export function toCents(value: string): number {
  const v = value.trim();
  if (!MONEY_RE.test(v)) throw new RangeError(`not a decimal amount: ${value}`);
  const negative = v.startsWith("-");
  const [whole = "0", frac = ""] = (negative ? v.slice(1) : v).split(".");
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  return negative ? -cents : cents;
}

/** "12.50" — REST payloads and the `Money` scalar. */
export function formatCents(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const s = `${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
  return negative ? `-${s}` : s;
}

/** "12.5", "10.0" — the GraphQL `Decimal` scalar (MoneyV2.amount), which Shopify prints without trailing zeros. */
export function formatDecimal(cents: number): string {
  const s = formatCents(cents);
  return s.endsWith("0") ? s.slice(0, -1) : s;
}

export function normaliseMoney(value: string): string {
  return formatCents(toCents(value));
}
