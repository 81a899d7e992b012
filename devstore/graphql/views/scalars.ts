import { formatDecimal } from "../../model/money.js";
import type { ConnectionArgs } from "../connection.js";

/**
 * One class per Admin GraphQL type the dev store serves, grouped by resource in this folder. The executor's field
 * resolver reads a property or calls a method named after the field (with the field's arguments); a field a view does
 * not define is reported as "not implemented in the dev store" instead of answering null. Records are read at resolve
 * time, so a mutation payload shows the state after the mutation. These helpers shape the scalars they share.
 */

export type Args = Record<string, unknown>;

export function dateTime(d: Date | null | undefined): string | null {
  return d ? d.toISOString().replace(/\.\d{3}Z$/, "Z") : null;
}

export function moneyV2(cents: number, currencyCode: string): { amount: string; currencyCode: string } {
  return { amount: formatDecimal(cents), currencyCode };
}

export function moneyBag(cents: number, currencyCode: string) {
  return { shopMoney: moneyV2(cents, currencyCode), presentmentMoney: moneyV2(cents, currencyCode) };
}

export function count(n: number) {
  return { count: n, precision: "EXACT" };
}

export function connArgs(args: Args): ConnectionArgs {
  return args as ConnectionArgs;
}
