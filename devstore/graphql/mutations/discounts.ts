import { GraphQLError } from "graphql";
import { isMoney, normaliseMoney, toCents } from "../../model/money.js";
import { fail, ok, userError, type UserErrorRecord } from "../../model/outcome.js";
import type { DiscountRecord } from "../../model/types.js";
import { requireScope } from "../query-root.js";
import { DiscountCodeNodeView } from "../views/discount.js";
import { type Args, errors, WRITE, MutationArea } from "./area.js";

/** Discount codes. */
export class DiscountMutations extends MutationArea {
  discountCodeBasicCreate(args: Args) {
    requireScope(this.c, "discountCodeBasicCreate", WRITE.discounts);
    const input = args.basicCodeDiscount as {
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
          discountOnQuantity?: unknown;
        } | null;
        items?: { all?: boolean | null; products?: unknown; collections?: unknown } | null;
      } | null;
      customerSelection?: { all?: boolean | null; customers?: unknown; customerSegments?: unknown } | null;
    };
    const base = ["basicCodeDiscount"];
    const outcome = this.run<DiscountRecord>((s) => {
      const errs: UserErrorRecord[] = [];
      const code = input.code?.trim() ?? "";
      if (!input.title?.trim()) errs.push(userError([...base, "title"], "Title can't be blank", "BLANK"));
      if (!code) errs.push(userError([...base, "code"], "Code can't be blank", "BLANK"));
      else if (s.discountByCode.has(code.toLowerCase()))
        errs.push(userError([...base, "code"], "Code must be unique. Please try a different code.", "TAKEN"));
      if (!input.startsAt) errs.push(userError([...base, "startsAt"], "Starts at can't be blank", "BLANK"));
      const startsAt = input.startsAt ? new Date(input.startsAt) : s.now();
      const endsAt = input.endsAt ? new Date(input.endsAt) : null;
      if (endsAt && endsAt <= startsAt)
        errs.push(userError([...base, "endsAt"], "Ends at needs to be after starts_at", "INVALID"));
      const value = input.customerGets?.value;
      if (value?.discountOnQuantity)
        throw new GraphQLError(
          "DiscountCustomerGetsValueInput.discountOnQuantity is not implemented in the dev store",
          { extensions: { code: "NOT_IMPLEMENTED" } },
        );
      if (input.customerGets?.items?.products || input.customerGets?.items?.collections)
        throw new GraphQLError(
          "DiscountItemsInput.products/collections is not implemented in the dev store",
          { extensions: { code: "NOT_IMPLEMENTED" } },
        );
      if (input.customerSelection?.customers || input.customerSelection?.customerSegments)
        throw new GraphQLError(
          "DiscountCustomerSelectionInput.customers/customerSegments is not implemented in the dev store",
          { extensions: { code: "NOT_IMPLEMENTED" } },
        );
      let parsed: DiscountRecord["value"] | null = null;
      if (value?.percentage !== undefined && value.percentage !== null) {
        if (value.percentage <= 0 || value.percentage > 1)
          errs.push(
            userError(
              [...base, "customerGets", "value", "percentage"],
              "Value must be between 0.0 and 1.0",
              "VALUE_OUTSIDE_RANGE",
            ),
          );
        else parsed = { percentage: value.percentage };
      } else if (value?.discountAmount) {
        const amount = String(value.discountAmount.amount);
        if (!isMoney(amount) || toCents(amount) <= 0)
          errs.push(
            userError(
              [...base, "customerGets", "value", "discountAmount", "amount"],
              "Value must be greater than 0",
              "GREATER_THAN",
            ),
          );
        else
          parsed = {
            amount: normaliseMoney(amount),
            appliesOnEachItem: value.discountAmount.appliesOnEachItem,
          };
      } else {
        errs.push(userError([...base, "customerGets", "value"], "Value can't be blank", "BLANK"));
      }
      if (!input.customerGets?.items?.all)
        errs.push(
          userError([...base, "customerGets", "items"], "Items must be specified", "APPLIES_ON_NOTHING"),
        );
      if (errs.length > 0 || !parsed) return fail(...errs);
      const now = s.now();
      const record: DiscountRecord = {
        id: s.nextId("DiscountCodeNode"),
        title: input.title!.trim(),
        code,
        startsAt,
        endsAt,
        usageLimit: input.usageLimit ?? null,
        appliesOncePerCustomer: input.appliesOncePerCustomer ?? false,
        value: parsed,
        createdAt: now,
        updatedAt: now,
      };
      s.discounts.set(record.id, record);
      s.discountByCode.set(code.toLowerCase(), record);
      return ok(record);
    });
    if (!outcome.ok) return { codeDiscountNode: null, userErrors: errors(outcome.userErrors) };
    return { codeDiscountNode: new DiscountCodeNodeView(outcome.value, this.c), userErrors: [] };
  }
}
