import { GraphQLError } from "graphql";
import { gid, idOf } from "../model/ids.js";
import {
  adjustQuantities,
  setQuantities,
  type AdjustInput,
  type AdjustmentGroup,
  type SetInput,
} from "../model/inventory.js";
import { holdFulfillmentOrder, releaseHolds, type HoldInput } from "../model/holds.js";
import {
  applyMetafields,
  changeTags,
  planMetafields,
  setMetafields,
  type MetafieldSetInput,
} from "../model/metafields.js";
import { isMoney, normaliseMoney, toCents } from "../model/money.js";
import { addVariant, beginEdit, commitEdit, setQuantity } from "../model/order-edits.js";
import {
  cancelOrder,
  CANCEL_REASONS,
  createFulfillment,
  createRefund,
  type FulfillInput,
  type RefundLineInput,
} from "../model/orders.js";
import { fail, ok, userError, type Outcome, type UserErrorRecord } from "../model/outcome.js";
import type { ShopState } from "../model/shop-state.js";
import type { Tx } from "../model/tx.js";
import type { DiscountRecord, RestockType, VariantRecord } from "../model/types.js";
import type { AdminContext } from "./context.js";
import { requireGid, requireScope, QueryRoot } from "./query-root.js";
import {
  CalculatedLineItemView,
  CalculatedOrderView,
  DiscountCodeNodeView,
  FulfillmentHoldView,
  FulfillmentOrderView,
  FulfillmentView,
  InventoryItemView,
  LocationView,
  MetafieldView,
  nodeView,
  OrderView,
  ProductView,
  RefundView,
  VariantView,
  AppView,
  dateTime,
} from "./views.js";

type Args = Record<string, unknown>;

/** userErrors exactly as the payload types declare them; fields a type lacks are simply never selected. */
function errors(list: UserErrorRecord[]) {
  return list.map((e) => ({
    field: e.field,
    message: e.message,
    code: e.code ?? null,
    elementIndex: e.elementIndex ?? null,
    extraInfo: null,
  }));
}

function adjustmentGroupView(g: AdjustmentGroup, c: AdminContext) {
  return {
    __typename: "InventoryAdjustmentGroup",
    id: gid("InventoryAdjustmentGroup", g.id),
    reason: g.reason,
    referenceDocumentUri: g.referenceDocumentUri,
    createdAt: dateTime(g.createdAt),
    staffMember: null,
    app: g.apiKey ? new AppView(c.store.app(g.apiKey), c) : null,
    changes: (args: Args) => {
      const items = Array.isArray(args.inventoryItemIds)
        ? new Set((args.inventoryItemIds as string[]).map((x) => idOf(x, "InventoryItem")))
        : null;
      const locations = Array.isArray(args.locationIds)
        ? new Set((args.locationIds as string[]).map((x) => idOf(x, "Location")))
        : null;
      const names = Array.isArray(args.quantityNames) ? new Set(args.quantityNames as string[]) : null;
      return g.changes
        .filter(
          (ch) =>
            (!items || items.has(ch.itemId)) &&
            (!locations || locations.has(ch.locationId)) &&
            (!names || names.has(ch.name)),
        )
        .map((ch) => ({
          name: ch.name,
          delta: ch.delta,
          quantityAfterChange: ch.quantityAfterChange,
          ledgerDocumentUri: ch.ledgerDocumentUri,
          item: new InventoryItemView(c.s.inventoryItems.get(ch.itemId)!, c),
          location: new LocationView(c.s.locations.get(ch.locationId)!, c),
        }));
    },
  };
}

const WRITE = {
  products: "write_products",
  inventory: "write_inventory",
  orders: "write_orders",
  orderEdits: "write_order_edits",
  fulfillment: "write_merchant_managed_fulfillment_orders",
  discounts: "write_discounts",
} as const;

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

export class MutationRoot {
  constructor(private readonly c: AdminContext) {}

  #run<T>(op: (s: ShopState, tx: Tx) => Outcome<T>): Outcome<T> {
    return this.c.store.transact(this.c.s.shop.domain, op);
  }

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
    const outcome = this.#run((s, tx) => {
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

  inventoryAdjustQuantities(args: Args) {
    requireScope(this.c, "inventoryAdjustQuantities", WRITE.inventory);
    const outcome = this.#run((s, tx) => adjustQuantities(s, tx, args.input as AdjustInput, this.c.apiKey));
    if (!outcome.ok) return { inventoryAdjustmentGroup: null, userErrors: errors(outcome.userErrors) };
    return { inventoryAdjustmentGroup: adjustmentGroupView(outcome.value, this.c), userErrors: [] };
  }

  inventorySetQuantities(args: Args) {
    requireScope(this.c, "inventorySetQuantities", WRITE.inventory);
    const outcome = this.#run((s, tx) => setQuantities(s, tx, args.input as SetInput, this.c.apiKey));
    if (!outcome.ok) return { inventoryAdjustmentGroup: null, userErrors: errors(outcome.userErrors) };
    return { inventoryAdjustmentGroup: adjustmentGroupView(outcome.value, this.c), userErrors: [] };
  }

  metafieldsSet(args: Args) {
    const inputs = args.metafields as MetafieldSetInput[];
    const outcome = this.#run((s) => setMetafields(s, inputs, this.c.appId));
    if (!outcome.ok) return { metafields: null, userErrors: errors(outcome.userErrors) };
    return { metafields: outcome.value.map((m) => new MetafieldView(m, this.c)), userErrors: [] };
  }

  #tags(args: Args, mode: "add" | "remove") {
    requireGid(args.id);
    const outcome = this.#run((s, tx) => changeTags(s, tx, String(args.id), args.tags as string[], mode));
    if (!outcome.ok) return { node: null, userErrors: errors(outcome.userErrors) };
    return { node: nodeView(this.c, String(args.id)), userErrors: [] };
  }

  tagsAdd(args: Args) {
    return this.#tags(args, "add");
  }

  tagsRemove(args: Args) {
    return this.#tags(args, "remove");
  }

  fulfillmentOrderHold(args: Args) {
    requireScope(this.c, "fulfillmentOrderHold", WRITE.fulfillment);
    requireGid(args.id);
    const foId = idOf(String(args.id), "FulfillmentOrder");
    const outcome = this.#run((s, tx) =>
      holdFulfillmentOrder(s, tx, foId, args.fulfillmentHold as HoldInput, this.c.apiKey),
    );
    if (!outcome.ok)
      return {
        fulfillmentHold: null,
        fulfillmentOrder: null,
        remainingFulfillmentOrder: null,
        userErrors: errors(outcome.userErrors),
      };
    const { hold, fulfillmentOrder, remaining } = outcome.value;
    return {
      fulfillmentHold: new FulfillmentHoldView(hold, this.c),
      fulfillmentOrder: new FulfillmentOrderView(fulfillmentOrder, this.c),
      remainingFulfillmentOrder: remaining ? new FulfillmentOrderView(remaining, this.c) : null,
      userErrors: [],
    };
  }

  fulfillmentOrderReleaseHold(args: Args) {
    requireScope(this.c, "fulfillmentOrderReleaseHold", WRITE.fulfillment);
    requireGid(args.id);
    const foId = idOf(String(args.id), "FulfillmentOrder");
    const outcome = this.#run((s, tx) =>
      releaseHolds(s, tx, foId, args.holdIds as string[] | null | undefined),
    );
    if (!outcome.ok) return { fulfillmentOrder: null, userErrors: errors(outcome.userErrors) };
    return { fulfillmentOrder: new FulfillmentOrderView(outcome.value, this.c), userErrors: [] };
  }

  #edit(id: unknown) {
    requireGid(id);
    const editId = idOf(String(id), "CalculatedOrder");
    return editId === null ? undefined : this.c.s.edits.get(editId);
  }

  orderEditBegin(args: Args) {
    requireScope(this.c, "orderEditBegin", WRITE.orderEdits);
    requireGid(args.id);
    const orderId = idOf(String(args.id), "Order");
    const outcome = this.#run((s) =>
      beginEdit(s, orderId === null ? undefined : s.orders.get(orderId), this.c.apiKey),
    );
    if (!outcome.ok) return { calculatedOrder: null, userErrors: errors(outcome.userErrors) };
    return { calculatedOrder: new CalculatedOrderView(outcome.value, this.c), userErrors: [] };
  }

  #calculatedLine(editView: CalculatedOrderView, id: number): CalculatedLineItemView | null {
    const conn = editView.lineItems({ first: 250 });
    return conn.nodes.find((l) => l.numericId === id) ?? null;
  }

  orderEditAddVariant(args: Args) {
    requireScope(this.c, "orderEditAddVariant", WRITE.orderEdits);
    const edit = this.#edit(args.id);
    const outcome = this.#run((s) =>
      addVariant(s, edit, {
        variantId: String(args.variantId),
        quantity: args.quantity as number,
        locationId: (args.locationId as string | null | undefined) ?? null,
        allowDuplicates: (args.allowDuplicates as boolean | null | undefined) ?? false,
      }),
    );
    if (!outcome.ok)
      return { calculatedLineItem: null, calculatedOrder: null, userErrors: errors(outcome.userErrors) };
    const view = new CalculatedOrderView(outcome.value.edit, this.c);
    return {
      calculatedLineItem: this.#calculatedLine(view, outcome.value.calculatedLineItemId),
      calculatedOrder: view,
      userErrors: [],
    };
  }

  orderEditSetQuantity(args: Args) {
    requireScope(this.c, "orderEditSetQuantity", WRITE.orderEdits);
    const edit = this.#edit(args.id);
    const outcome = this.#run((s) =>
      setQuantity(s, edit, {
        lineItemId: String(args.lineItemId),
        quantity: args.quantity as number,
        restock: (args.restock as boolean | null | undefined) ?? false,
      }),
    );
    if (!outcome.ok)
      return { calculatedLineItem: null, calculatedOrder: null, userErrors: errors(outcome.userErrors) };
    const view = new CalculatedOrderView(outcome.value.edit, this.c);
    return {
      calculatedLineItem: this.#calculatedLine(view, outcome.value.calculatedLineItemId),
      calculatedOrder: view,
      userErrors: [],
    };
  }

  orderEditCommit(args: Args) {
    requireScope(this.c, "orderEditCommit", WRITE.orderEdits);
    const edit = this.#edit(args.id);
    const outcome = this.#run((s, tx) =>
      commitEdit(
        s,
        tx,
        edit,
        { notifyCustomer: args.notifyCustomer as boolean | null, staffNote: args.staffNote as string | null },
        this.c.appId,
      ),
    );
    if (!outcome.ok) return { order: null, userErrors: errors(outcome.userErrors) };
    return { order: new OrderView(outcome.value, this.c), userErrors: [] };
  }

  refundCreate(args: Args) {
    requireScope(this.c, "refundCreate", WRITE.orders);
    const input = args.input as {
      orderId: string;
      note?: string | null;
      refundLineItems?:
        | {
            lineItemId: string;
            quantity: number;
            restockType?: RestockType | null;
            locationId?: string | null;
          }[]
        | null;
      shipping?: unknown;
      transactions?: unknown;
    };
    requireGid(input.orderId);
    const outcome = this.#run((s, tx) => {
      const orderId = idOf(input.orderId, "Order");
      const order = orderId === null ? undefined : s.orders.get(orderId);
      if (!order) return fail(userError(["orderId"], "Order does not exist"));
      const lines: RefundLineInput[] = (input.refundLineItems ?? []).map((l) => ({
        lineItemId: idOf(l.lineItemId, "LineItem") ?? -1,
        quantity: l.quantity,
        restockType: l.restockType ?? "NO_RESTOCK",
        locationId: l.locationId ? (idOf(l.locationId, "Location") ?? -1) : null,
      }));
      return createRefund(s, tx, order, lines, input.note ?? null);
    });
    if (!outcome.ok) return { order: null, refund: null, userErrors: errors(outcome.userErrors) };
    return {
      order: new OrderView(this.c.s.orders.get(outcome.value.orderId)!, this.c),
      refund: new RefundView(outcome.value, this.c),
      userErrors: [],
    };
  }

  orderCancel(args: Args) {
    requireScope(this.c, "orderCancel", WRITE.orders);
    requireGid(args.orderId);
    const reason = String(args.reason) as (typeof CANCEL_REASONS)[number];
    const outcome = this.#run((s, tx) => {
      const orderId = idOf(String(args.orderId), "Order");
      const order = orderId === null ? undefined : s.orders.get(orderId);
      if (!order) return fail(userError(["orderId"], "Order does not exist", "NOT_FOUND"));
      return cancelOrder(s, tx, order, {
        reason,
        restock: args.restock === true,
        refund: args.refund === true,
        staffNote: (args.staffNote as string | null) ?? null,
      });
    });
    const userErrors = outcome.ok ? [] : errors(outcome.userErrors);
    // Shopify cancels asynchronously and returns a Job; the dev store has already finished when it answers.
    const job = outcome.ok
      ? { id: gid("Job", this.c.s.nextId("Job")), done: true, query: new QueryRoot(this.c) }
      : null;
    return { job, orderCancelUserErrors: userErrors, userErrors };
  }

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
    const outcome = this.#run<DiscountRecord>((s) => {
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

  fulfillmentCreate(args: Args) {
    return this.#fulfillment(args, "fulfillmentCreate");
  }

  fulfillmentCreateV2(args: Args) {
    return this.#fulfillment(args, "fulfillmentCreateV2");
  }

  #fulfillment(args: Args, field: string) {
    requireScope(this.c, field, WRITE.fulfillment);
    const input = args.fulfillment as {
      notifyCustomer?: boolean | null;
      trackingInfo?: {
        number?: string | null;
        url?: string | null;
        company?: string | null;
        numbers?: string[] | null;
        urls?: string[] | null;
      } | null;
      lineItemsByFulfillmentOrder: {
        fulfillmentOrderId: string;
        fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
      }[];
      originAddress?: unknown;
    };
    const inputs: FulfillInput[] = input.lineItemsByFulfillmentOrder.map((l) => {
      requireGid(l.fulfillmentOrderId);
      const foId = idOf(l.fulfillmentOrderId, "FulfillmentOrder") ?? -1;
      const lines = l.fulfillmentOrderLineItems?.map((x) => ({
        id: idOf(x.id, "FulfillmentOrderLineItem") ?? -1,
        quantity: x.quantity,
      }));
      return lines && lines.length > 0 ? { fulfillmentOrderId: foId, lines } : { fulfillmentOrderId: foId };
    });
    const tracking = input.trackingInfo;
    const outcome = this.#run((s, tx) =>
      createFulfillment(s, tx, inputs, {
        trackingNumber: tracking?.number ?? tracking?.numbers?.[0] ?? null,
        trackingUrl: tracking?.url ?? tracking?.urls?.[0] ?? null,
        trackingCompany: tracking?.company ?? null,
        notifyCustomer: input.notifyCustomer ?? false,
      }),
    );
    if (!outcome.ok) return { fulfillment: null, userErrors: errors(outcome.userErrors) };
    return { fulfillment: new FulfillmentView(outcome.value, this.c), userErrors: [] };
  }
}

/** Root fields the dev store answers; everything else in Shopify's schema is reported as not implemented. */
export function implementedRootFields(): { query: string[]; mutation: string[] } {
  const names = (proto: object) => Object.getOwnPropertyNames(proto).filter((n) => n !== "constructor");
  return { query: names(QueryRoot.prototype), mutation: names(MutationRoot.prototype) };
}
