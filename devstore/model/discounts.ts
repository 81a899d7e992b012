import { idOf } from "./ids.js";
import { isMoney, normaliseMoney, toCents } from "./money.js";
import { fail, ok, userError, type Outcome, type UserErrorRecord } from "./outcome.js";
import type { ShopState } from "./shop-state.js";
import type { DiscountRecord } from "./types.js";

/** DiscountCodeBasicInput, as far as the dev store implements it (https://shopify.dev/docs/api/admin-graphql/2025-01/input-objects/DiscountCodeBasicInput). */
export interface BasicCodeDiscountInput {
  title?: string | null;
  code?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  usageLimit?: number | null;
  appliesOncePerCustomer?: boolean | null;
  customerGets?: {
    value?: {
      percentage?: number | null;
      discountAmount?: { amount: string | number; appliesOnEachItem: boolean } | null;
    } | null;
    items?: { all?: boolean | null } | null;
  } | null;
  customerSelection?: { all?: boolean | null; customers?: { add?: string[] | null } | null } | null;
}

const BASE = ["basicCodeDiscount"];
const at = (...path: string[]) => [...BASE, ...path];

/** discountCodeBasicCreate: validates everything first, then stores the code (codes are unique per shop, any case). */
export function createBasicCodeDiscount(
  s: ShopState,
  input: BasicCodeDiscountInput,
): Outcome<DiscountRecord> {
  const errs: UserErrorRecord[] = [];
  const code = input.code?.trim() ?? "";
  if (!input.title?.trim()) errs.push(userError(at("title"), "Title can't be blank", "BLANK"));
  if (!code) errs.push(userError(at("code"), "Code can't be blank", "BLANK"));
  else if (s.discountByCode.has(code.toLowerCase()))
    errs.push(userError(at("code"), "Code must be unique. Please try a different code.", "TAKEN"));
  if (!input.startsAt) errs.push(userError(at("startsAt"), "Starts at can't be blank", "BLANK"));
  const startsAt = input.startsAt ? new Date(input.startsAt) : s.now();
  const endsAt = input.endsAt ? new Date(input.endsAt) : null;
  if (endsAt && endsAt <= startsAt)
    errs.push(userError(at("endsAt"), "Ends at needs to be after starts_at", "INVALID"));
  if (input.usageLimit !== undefined && input.usageLimit !== null && input.usageLimit < 1)
    errs.push(userError(at("usageLimit"), "Usage limit must be greater than 0", "GREATER_THAN"));
  const value = parseValue(input, errs);
  if (!input.customerGets?.items?.all)
    errs.push(userError(at("customerGets", "items"), "Items must be specified", "APPLIES_ON_NOTHING"));
  const customerIds = parseCustomers(s, input, errs);
  if (errs.length > 0 || !value) return fail(...errs);
  const now = s.now();
  const record: DiscountRecord = {
    id: s.nextId("DiscountCodeNode"),
    title: input.title!.trim(),
    code,
    startsAt,
    endsAt,
    usageLimit: input.usageLimit ?? null,
    appliesOncePerCustomer: input.appliesOncePerCustomer ?? false,
    value,
    customerIds,
    createdAt: now,
    updatedAt: now,
  };
  s.discounts.set(record.id, record);
  s.discountByCode.set(code.toLowerCase(), record);
  return ok(record);
}

function parseValue(input: BasicCodeDiscountInput, errs: UserErrorRecord[]): DiscountRecord["value"] | null {
  const value = input.customerGets?.value;
  if (value?.percentage !== undefined && value.percentage !== null) {
    if (value.percentage > 0 && value.percentage <= 1) return { percentage: value.percentage };
    errs.push(
      userError(
        at("customerGets", "value", "percentage"),
        "Value must be between 0.0 and 1.0",
        "VALUE_OUTSIDE_RANGE",
      ),
    );
    return null;
  }
  if (value?.discountAmount) {
    const amount = String(value.discountAmount.amount);
    if (isMoney(amount) && toCents(amount) > 0)
      return { amount: normaliseMoney(amount), appliesOnEachItem: value.discountAmount.appliesOnEachItem };
    errs.push(
      userError(
        at("customerGets", "value", "discountAmount", "amount"),
        "Value must be greater than 0",
        "GREATER_THAN",
      ),
    );
    return null;
  }
  errs.push(userError(at("customerGets", "value"), "Value can't be blank", "BLANK"));
  return null;
}

/** `all: true` → null (everyone); `customers.add` → those customers of the shop, each once. */
function parseCustomers(
  s: ShopState,
  input: BasicCodeDiscountInput,
  errs: UserErrorRecord[],
): number[] | null {
  const selection = input.customerSelection;
  const add = selection?.customers?.add ?? null;
  if (selection?.all && add && add.length > 0) {
    errs.push(
      userError(
        at("customerSelection"),
        "Only one of all, customers or customerSegments can be specified",
        "CONFLICT",
      ),
    );
    return null;
  }
  if (!add || add.length === 0) {
    if (!selection?.all)
      errs.push(userError(at("customerSelection"), "Customer selection can't be blank", "BLANK"));
    return null;
  }
  const ids: number[] = [];
  add.forEach((value, i) => {
    const id = idOf(value, "Customer");
    if (id === null || !s.customers.has(id))
      errs.push(
        userError(
          at("customerSelection", "customers", "add", String(i)),
          "Customer does not exist",
          "INVALID",
        ),
      );
    else if (!ids.includes(id)) ids.push(id);
  });
  return ids;
}
