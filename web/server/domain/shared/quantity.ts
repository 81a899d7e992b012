import { InvalidValueError } from "./errors.js";

/** Units of stock: always a safe integer, never a float. */
export type Units = number;

export function isUnits(value: unknown): value is Units {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

export function assertUnits(
  value: unknown,
  field: string,
  { allowNegative = false } = {},
): asserts value is Units {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || (!allowNegative && value < 0)) {
    const expected = allowNegative ? "an integer" : "a non-negative integer";
    throw new InvalidValueError(field, `expected ${expected}, got ${String(value)}`);
  }
}
