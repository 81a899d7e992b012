import { GraphQLError } from "graphql";
import { createBasicCodeDiscount } from "../../model/discounts.js";
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
      customerSelection?: {
        all?: boolean | null;
        customers?: { add?: string[] | null; remove?: unknown } | null;
        customerSegments?: unknown;
      } | null;
    };
    const unsupported = [
      input.customerGets?.value?.discountOnQuantity
        ? "DiscountCustomerGetsValueInput.discountOnQuantity"
        : null,
      input.customerGets?.items?.products || input.customerGets?.items?.collections
        ? "DiscountItemsInput.products/collections"
        : null,
      input.customerSelection?.customerSegments ? "DiscountCustomerSelectionInput.customerSegments" : null,
      input.customerSelection?.customers?.remove ? "DiscountCustomersInput.remove" : null,
    ].filter((x): x is string => x !== null);
    if (unsupported.length > 0)
      throw new GraphQLError(`${unsupported.join(", ")} is not implemented in the dev store`, {
        extensions: { code: "NOT_IMPLEMENTED" },
      });
    const outcome = this.run((s) => createBasicCodeDiscount(s, input));
    if (!outcome.ok) return { codeDiscountNode: null, userErrors: errors(outcome.userErrors) };
    return { codeDiscountNode: new DiscountCodeNodeView(outcome.value, this.c), userErrors: [] };
  }
}
