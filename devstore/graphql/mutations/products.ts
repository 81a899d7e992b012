import { GraphQLError } from "graphql";
import { idOf } from "../../model/ids.js";
import { applyMetafields, planMetafields, type MetafieldSetInput } from "../../model/metafields.js";
import { isMoney, normaliseMoney, toCents } from "../../model/money.js";
import { fail, ok, userError, type UserErrorRecord } from "../../model/outcome.js";
import type { VariantRecord } from "../../model/types.js";
import { requireScope } from "../query-root.js";
import { ProductView, VariantView } from "../views/product.js";
import { type Args, errors, WRITE, MutationArea } from "./area.js";

interface BulkVariantInput {
  id?: string | null;
  inventoryPolicy?: "DENY" | "CONTINUE" | null;
  price?: string | null;
  compareAtPrice?: string | null;
  barcode?: string | null;
  taxable?: boolean | null;
  inventoryItem?: {
    sku?: string | null;
    cost?: string | number | null;
    tracked?: boolean | null;
    requiresShipping?: boolean | null;
    countryCodeOfOrigin?: string | null;
    harmonizedSystemCode?: string | null;
  } | null;
  inventoryQuantities?: unknown[] | null;
  metafields?:
    | {
        id?: string | null;
        namespace?: string | null;
        key?: string | null;
        value?: string | null;
        type?: string | null;
      }[]
    | null;
  [other: string]: unknown;
}

const BULK_SUPPORTED = new Set([
  "id",
  "inventoryPolicy",
  "price",
  "compareAtPrice",
  "barcode",
  "taxable",
  "inventoryItem",
  "inventoryQuantities",
  "metafields",
]);

/** Product variants: prices, policies, inventory item fields and metafields in one call. */
export class ProductMutations extends MutationArea {
  productVariantsBulkUpdate(args: Args) {
    requireScope(this.c, "productVariantsBulkUpdate", WRITE.products);
    const c = this.c;
    const inputs = args.variants as BulkVariantInput[];
    for (const input of inputs) {
      const unsupported = Object.keys(input).filter((k) => !BULK_SUPPORTED.has(k));
      if (unsupported.length > 0)
        throw new GraphQLError(
          `ProductVariantsBulkInput.${unsupported.join(", ")} is not implemented in the dev store`,
          { extensions: { code: "NOT_IMPLEMENTED" } },
        );
    }
    const outcome = this.run((s, tx) => {
      const productId = idOf(String(args.productId), "Product");
      const product = productId === null ? undefined : s.products.get(productId);
      if (!product) return fail(userError(["productId"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST"));
      const errs: UserErrorRecord[] = [];
      const targets: (VariantRecord | null)[] = inputs.map((input, i) => {
        const at = (field: string | null, message: string, code: string) =>
          errs.push(userError(field ? ["variants", i, field] : ["variants", i], message, code));
        if (!input.id) {
          at("id", "Product variant is missing ID attribute", "PRODUCT_VARIANT_ID_MISSING");
          return null;
        }
        const vid = idOf(input.id, "ProductVariant");
        const variant = vid === null ? undefined : s.variants.get(vid);
        if (!variant) {
          at("id", "Product variant does not exist", "PRODUCT_VARIANT_DOES_NOT_EXIST");
          return null;
        }
        if (variant.productId !== product.id)
          at("id", "Product variant does not belong to this product", "MUST_BE_FOR_THIS_PRODUCT");
        if (input.inventoryQuantities)
          at(
            "inventoryQuantities",
            "Inventory quantities can only be provided during create. To update inventory for existing variants, use inventoryAdjustQuantities.",
            "NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE",
          );
        for (const key of ["price", "compareAtPrice"] as const) {
          const v = input[key];
          if (v === undefined || v === null) continue;
          if (!isMoney(String(v)))
            at(key, `${key === "price" ? "Price" : "Compare at price"} is invalid`, "INVALID_INPUT");
          else if (toCents(String(v)) < 0)
            at(
              key,
              `${key === "price" ? "Price" : "Compare at price"} must be greater than or equal to 0`,
              key === "price" ? "NEGATIVE_PRICE_VALUE" : "GREATER_THAN_OR_EQUAL_TO",
            );
        }
        const cost = input.inventoryItem?.cost;
        if (cost !== undefined && cost !== null && (!isMoney(String(cost)) || toCents(String(cost)) < 0))
          at("inventoryItem", "Cost must be a non-negative decimal", "INVALID_INPUT");
        return variant;
      });
      const mfInputs = inputs.flatMap((input, i) =>
        (input.metafields ?? []).map((m, j) => {
          const existing = m.id ? c.s.metafields.get(idOf(m.id, "Metafield") ?? -1) : undefined;
          const mf: MetafieldSetInput = {
            ownerId: input.id ?? "",
            namespace: existing?.namespace ?? m.namespace ?? null,
            key: existing?.key ?? m.key ?? "",
            value: m.value ?? "",
            type: m.type ?? existing?.type ?? null,
          };
          return { input: mf, path: ["variants", String(i), "metafields", String(j)], index: j };
        }),
      );
      const plan = planMetafields(s, mfInputs, c.appId);
      if (!plan.ok)
        errs.push(...plan.userErrors.map((e) => ({ ...e, code: "INVALID_INPUT", elementIndex: null })));
      // allowPartialUpdates is accepted but the dev store always applies all-or-nothing.
      if (errs.length > 0) return fail(...errs);
      const now = s.now();
      inputs.forEach((input, i) => {
        const v = targets[i]!;
        const before = JSON.stringify([v.inventoryPolicy, v.price, v.compareAtPrice, v.barcode, v.taxable]);
        if (input.inventoryPolicy) v.inventoryPolicy = input.inventoryPolicy;
        if (input.price !== undefined && input.price !== null) v.price = normaliseMoney(String(input.price));
        if (input.compareAtPrice !== undefined)
          v.compareAtPrice =
            input.compareAtPrice === null ? null : normaliseMoney(String(input.compareAtPrice));
        if (input.barcode !== undefined) v.barcode = input.barcode;
        if (input.taxable !== undefined && input.taxable !== null) v.taxable = input.taxable;
        if (JSON.stringify([v.inventoryPolicy, v.price, v.compareAtPrice, v.barcode, v.taxable]) !== before) {
          v.updatedAt = now;
          product.updatedAt = now;
          tx.productUpdated(product.id);
        }
        const ii = input.inventoryItem;
        if (ii) {
          const item = s.itemOf(v);
          const itemBefore = JSON.stringify([
            item.sku,
            item.cost,
            item.tracked,
            item.requiresShipping,
            item.countryCodeOfOrigin,
            item.harmonizedSystemCode,
          ]);
          if (ii.sku !== undefined) {
            item.sku = ii.sku;
            v.sku = ii.sku;
          }
          if (ii.cost !== undefined) item.cost = ii.cost === null ? null : normaliseMoney(String(ii.cost));
          if (ii.tracked !== undefined && ii.tracked !== null) item.tracked = ii.tracked;
          if (ii.requiresShipping !== undefined && ii.requiresShipping !== null)
            item.requiresShipping = ii.requiresShipping;
          if (ii.countryCodeOfOrigin !== undefined) item.countryCodeOfOrigin = ii.countryCodeOfOrigin;
          if (ii.harmonizedSystemCode !== undefined) item.harmonizedSystemCode = ii.harmonizedSystemCode;
          if (
            JSON.stringify([
              item.sku,
              item.cost,
              item.tracked,
              item.requiresShipping,
              item.countryCodeOfOrigin,
              item.harmonizedSystemCode,
            ]) !== itemBefore
          ) {
            item.updatedAt = now;
            tx.inventoryItemUpdated(item.id);
            if (ii.sku !== undefined) tx.productUpdated(product.id);
          }
        }
      });
      applyMetafields(s, plan.ok ? plan.value : { writes: [] });
      return ok({ product, variants: targets as VariantRecord[] });
    });
    if (!outcome.ok) return { product: null, productVariants: null, userErrors: errors(outcome.userErrors) };
    return {
      product: new ProductView(outcome.value.product, this.c),
      productVariants: outcome.value.variants.map((v) => new VariantView(v, this.c)),
      userErrors: [],
    };
  }
}
