import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import { parseGid, parseGlobalId, storeKey, type ParsedGid } from "../model/ids.js";
import type { ShopState } from "../model/shop-state.js";
import type {
  CustomerRecord,
  FulfillmentOrderRecord,
  InventoryItemRecord,
  LocationRecord,
  OrderRecord,
  ProductRecord,
  VariantRecord,
} from "../model/types.js";
import { orderFulfillmentStatus } from "../rest/order.js";
import { connection, type ConnectionArgs, type SortKey } from "./connection.js";
import type { AdminContext } from "./context.js";
import { compileSearch, type SearchSpec } from "./search.js";
import { CustomerView } from "./views/customer.js";
import { DiscountCodeNodeView } from "./views/discount.js";
import { FulfillmentOrderView } from "./views/fulfillment-order.js";
import { InventoryItemView, InventoryLevelView } from "./views/inventory.js";
import { LocationView } from "./views/location.js";
import { nodeView } from "./views/node.js";
import { OrderView } from "./views/order.js";
import { ProductView, VariantView } from "./views/product.js";
import { AppInstallationView, AppView, ShopView } from "./views/shop.js";

type Args = Record<string, unknown>;

/**
 * Shopify answers a malformed id with a coercion error rather than null (global-ids.ts reports those before anything
 * runs; this guards ids that reach a resolver another way), and a well-formed id it does not know with null.
 */
export function requireGid(value: unknown): ParsedGid | null {
  if (!parseGlobalId(String(value)))
    throw new GraphQLError(`Invalid global id '${String(value)}'`, {
      extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" },
    });
  return parseGid(String(value));
}

function byGid<T, V>(
  value: unknown,
  type: string,
  lookup: (id: number) => T | undefined,
  view: (t: T) => V,
): V | null {
  const p = requireGid(value);
  if (p?.type !== type) return null;
  const record = lookup(p.id);
  return record === undefined ? null : view(record);
}

const time = (d: Date) => d.getTime();

const ORDER_SEARCH: SearchSpec<{ s: ShopState; o: OrderRecord }> = {
  text: ({ o }) => `${o.name} ${o.email ?? ""}`,
  fields: {
    id: { kind: "number", get: ({ o }) => o.id },
    name: { kind: "string", get: ({ o }) => o.name },
    tag: { kind: "tags", get: ({ o }) => o.tags },
    tag_not: {
      kind: "custom",
      match: ({ o }, v) => !o.tags.some((t) => t.toLowerCase() === v.toLowerCase()),
    },
    status: {
      kind: "custom",
      match: ({ o }, v) => {
        switch (v.toLowerCase()) {
          case "open":
            return o.closedAt === null && o.cancelledAt === null;
          case "closed":
            return o.closedAt !== null;
          case "cancelled":
            return o.cancelledAt !== null;
          case "not_closed":
            return o.closedAt === null;
          default:
            return true;
        }
      },
    },
    financial_status: { kind: "enum", get: ({ o }) => o.financialStatus },
    fulfillment_status: {
      kind: "custom",
      match: ({ s, o }, v) => {
        const st = orderFulfillmentStatus(s, o);
        switch (v.toLowerCase()) {
          case "shipped":
          case "fulfilled":
            return st === "fulfilled";
          case "partial":
            return st === "partial";
          case "unshipped":
          case "unfulfilled":
            return st === null;
          case "any":
            return true;
          default:
            return false;
        }
      },
    },
    created_at: { kind: "date", get: ({ o }) => o.createdAt },
    updated_at: { kind: "date", get: ({ o }) => o.updatedAt },
    processed_at: { kind: "date", get: ({ o }) => o.processedAt },
    email: { kind: "string", get: ({ o }) => o.email },
    customer_id: { kind: "number", get: ({ o }) => o.customerId },
    source_name: { kind: "string", get: ({ o }) => o.sourceName },
    sku: {
      kind: "custom",
      match: ({ s, o }, v) => s.lineItemsOf(o).some((l) => (l.sku ?? "").toLowerCase() === v.toLowerCase()),
    },
    location_id: {
      kind: "custom",
      match: ({ s, o }, v) => s.fulfillmentOrdersOf(o).some((fo) => String(fo.locationId) === v),
    },
  },
};

const PRODUCT_SEARCH: SearchSpec<{ s: ShopState; p: ProductRecord }> = {
  text: ({ p }) => `${p.title} ${p.vendor} ${p.productType}`,
  fields: {
    id: { kind: "number", get: ({ p }) => p.id },
    title: { kind: "string", get: ({ p }) => p.title },
    handle: { kind: "string", get: ({ p }) => p.handle },
    vendor: { kind: "string", get: ({ p }) => p.vendor },
    product_type: { kind: "string", get: ({ p }) => p.productType },
    status: { kind: "enum", get: ({ p }) => p.status },
    tag: { kind: "tags", get: ({ p }) => p.tags },
    tag_not: {
      kind: "custom",
      match: ({ p }, v) => !p.tags.some((t) => t.toLowerCase() === v.toLowerCase()),
    },
    sku: {
      kind: "custom",
      match: ({ s, p }, v) =>
        p.variantIds.some((id) => (s.variants.get(id)!.sku ?? "").toLowerCase() === v.toLowerCase()),
    },
    barcode: {
      kind: "custom",
      match: ({ s, p }, v) => p.variantIds.some((id) => s.variants.get(id)!.barcode === v),
    },
    created_at: { kind: "date", get: ({ p }) => p.createdAt },
    updated_at: { kind: "date", get: ({ p }) => p.updatedAt },
  },
};

const VARIANT_SEARCH: SearchSpec<{ s: ShopState; v: VariantRecord }> = {
  text: ({ s, v }) => `${s.products.get(v.productId)!.title} ${v.title} ${v.sku ?? ""}`,
  fields: {
    id: { kind: "number", get: ({ v }) => v.id },
    sku: { kind: "string", get: ({ v }) => v.sku },
    barcode: { kind: "string", get: ({ v }) => v.barcode },
    title: { kind: "string", get: ({ v }) => v.title },
    product_id: { kind: "number", get: ({ v }) => v.productId },
    inventory_quantity: { kind: "number", get: ({ s, v }) => s.inventoryQuantity(v) },
    inventory_policy: { kind: "enum", get: ({ v }) => v.inventoryPolicy },
    tag: { kind: "tags", get: ({ s, v }) => s.products.get(v.productId)!.tags },
    vendor: { kind: "string", get: ({ s, v }) => s.products.get(v.productId)!.vendor },
    product_type: { kind: "string", get: ({ s, v }) => s.products.get(v.productId)!.productType },
    created_at: { kind: "date", get: ({ v }) => v.createdAt },
    updated_at: { kind: "date", get: ({ v }) => v.updatedAt },
  },
};

const INVENTORY_ITEM_SEARCH: SearchSpec<InventoryItemRecord> = {
  text: (i) => i.sku ?? "",
  fields: {
    id: { kind: "number", get: (i) => i.id },
    sku: { kind: "string", get: (i) => i.sku },
    created_at: { kind: "date", get: (i) => i.createdAt },
    updated_at: { kind: "date", get: (i) => i.updatedAt },
  },
};

const CUSTOMER_SEARCH: SearchSpec<CustomerRecord> = {
  text: (c) => `${c.firstName ?? ""} ${c.lastName ?? ""} ${c.email}`,
  fields: {
    id: { kind: "number", get: (c) => c.id },
    email: { kind: "string", get: (c) => c.email },
    first_name: { kind: "string", get: (c) => c.firstName },
    last_name: { kind: "string", get: (c) => c.lastName },
    phone: { kind: "string", get: (c) => c.phone },
    state: { kind: "enum", get: (c) => c.state },
    tag: { kind: "tags", get: (c) => c.tags },
    tag_not: { kind: "custom", match: (c, v) => !c.tags.some((t) => t.toLowerCase() === v.toLowerCase()) },
    created_at: { kind: "date", get: (c) => c.createdAt },
    updated_at: { kind: "date", get: (c) => c.updatedAt },
  },
};

const FULFILLMENT_ORDER_SEARCH: SearchSpec<FulfillmentOrderRecord> = {
  text: (fo) => String(fo.id),
  fields: {
    id: { kind: "number", get: (fo) => fo.id },
    status: { kind: "enum", get: (fo) => fo.status },
    assigned_location_id: { kind: "number", get: (fo) => fo.locationId },
    order_id: { kind: "number", get: (fo) => fo.orderId },
    created_at: { kind: "date", get: (fo) => fo.createdAt },
    updated_at: { kind: "date", get: (fo) => fo.updatedAt },
  },
};

const LOCATION_SEARCH: SearchSpec<LocationRecord> = {
  text: (l) => l.name,
  fields: {
    id: { kind: "number", get: (l) => l.id },
    name: { kind: "string", get: (l) => l.name },
    active: { kind: "custom", match: (l, v) => String(l.isActive) === v.toLowerCase() },
  },
};

/**
 * Sort keys the dev store implements per connection. Id-ordered keys reuse the stored (already sorted) array;
 * others sort a copy. Keys not listed answer with an error naming them.
 */
function sorted<T extends { id: number }>(
  items: readonly T[],
  sortKey: unknown,
  byId: readonly string[],
  others: Record<string, (t: T) => number | string>,
): { items: readonly T[]; key: (t: T) => SortKey } {
  const k = typeof sortKey === "string" ? sortKey : "ID";
  if (byId.includes(k)) return { items, key: (t) => [t.id, t.id] };
  const value = others[k];
  if (!value)
    throw new GraphQLError(`sortKey ${k} is not implemented in the dev store`, {
      extensions: { code: "NOT_IMPLEMENTED" },
    });
  const copy = [...items].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    return va < vb ? -1 : va > vb ? 1 : a.id - b.id;
  });
  return { items: copy, key: (t) => [value(t), t.id] };
}

/** The only access scopes the dev store enforces: the ones Shopify documents for these root fields. */
const READ_SCOPES: Record<string, string> = {
  orders: "read_orders",
  order: "read_orders",
  products: "read_products",
  product: "read_products",
  productVariants: "read_products",
  productVariant: "read_products",
  customers: "read_customers",
  customer: "read_customers",
  inventoryItems: "read_inventory",
  inventoryItem: "read_inventory",
  inventoryLevel: "read_inventory",
};

export function requireScope(c: AdminContext, field: string, scope: string | undefined): void {
  if (!scope) return;
  const scopes = c.installation?.scopes ?? [];
  const [, resource] = /^(?:read|write)_(.+)$/.exec(scope) ?? [];
  const ok = scopes.includes(scope) || (scope.startsWith("read_") && scopes.includes(`write_${resource}`));
  if (!ok) {
    throw new GraphQLError(`Access denied for ${field} field. Required access: \`${scope}\` access scope.`, {
      extensions: {
        code: "ACCESS_DENIED",
        documentation: "https://shopify.dev/api/usage/access-scopes",
        requiredAccess: `\`${scope}\` access scope.`,
      },
    });
  }
}

export class QueryRoot {
  constructor(private readonly c: AdminContext) {}

  #search<T>(info: GraphQLResolveInfo, query: unknown, spec: SearchSpec<T>) {
    const compiled = compileSearch(typeof query === "string" ? query : null, spec);
    if (compiled.warnings.length > 0)
      this.c.search.push({
        path: info.path.key !== undefined ? [info.path.key] : [],
        query: String(query),
        warnings: compiled.warnings,
      });
    return compiled.predicate;
  }

  shop() {
    return new ShopView(this.c);
  }

  node(args: Args) {
    requireGid(args.id);
    return nodeView(this.c, String(args.id));
  }

  nodes(args: Args) {
    return (args.ids as string[]).map((id) => {
      requireGid(id);
      return nodeView(this.c, id);
    });
  }

  currentAppInstallation() {
    if (!this.c.installation)
      throw new GraphQLError("The app is not installed on this shop", {
        extensions: { code: "ACCESS_DENIED" },
      });
    return new AppInstallationView(this.c.installation, this.c);
  }

  app(args: Args) {
    if (args.id === undefined || args.id === null)
      return new AppView(this.c.store.app(this.c.apiKey), this.c);
    requireGid(args.id);
    return nodeView(this.c, String(args.id));
  }

  location(args: Args) {
    if (args.id === undefined || args.id === null)
      return new LocationView(this.c.s.primaryLocation(), this.c);
    return byGid(
      args.id,
      "Location",
      (id) => this.c.s.locations.get(id),
      (r) => new LocationView(r, this.c),
    );
  }

  locations(args: Args, _c: AdminContext, info: GraphQLResolveInfo) {
    const { items, key } = sorted(this.c.s.locationList, args.sortKey ?? "NAME", ["ID"], {
      NAME: (l) => l.name.toLowerCase(),
    });
    const predicate = this.#search(info, args.query, LOCATION_SEARCH);
    const active = args.includeInactive === true ? undefined : (l: LocationRecord) => l.isActive;
    return connection(
      items,
      args as ConnectionArgs,
      key,
      (l) => new LocationView(l, this.c),
      (l) => (!active || active(l)) && (!predicate || predicate(l)),
    );
  }

  product(args: Args) {
    requireScope(this.c, "product", READ_SCOPES.product);
    return byGid(
      args.id,
      "Product",
      (id) => this.c.s.products.get(id),
      (r) => new ProductView(r, this.c),
    );
  }

  products(args: Args, _c: AdminContext, info: GraphQLResolveInfo) {
    requireScope(this.c, "products", READ_SCOPES.products);
    const s = this.c.s;
    const { items, key } = sorted(s.productList, args.sortKey, ["ID", "CREATED_AT"], {
      TITLE: (p) => p.title.toLowerCase(),
      UPDATED_AT: (p) => time(p.updatedAt),
      VENDOR: (p) => p.vendor.toLowerCase(),
      PRODUCT_TYPE: (p) => p.productType.toLowerCase(),
      PUBLISHED_AT: (p) => time(p.createdAt),
    });
    const predicate = this.#search(info, args.query, PRODUCT_SEARCH);
    return connection(
      items,
      args as ConnectionArgs,
      key,
      (p) => new ProductView(p, this.c),
      predicate ? (p) => predicate({ s, p }) : undefined,
    );
  }

  productVariant(args: Args) {
    requireScope(this.c, "productVariant", READ_SCOPES.productVariant);
    return byGid(
      args.id,
      "ProductVariant",
      (id) => this.c.s.variants.get(id),
      (r) => new VariantView(r, this.c),
    );
  }

  productVariants(args: Args, _c: AdminContext, info: GraphQLResolveInfo) {
    requireScope(this.c, "productVariants", READ_SCOPES.productVariants);
    const s = this.c.s;
    const { items, key } = sorted(s.variantList, args.sortKey, ["ID"], {
      SKU: (v) => (v.sku ?? "").toLowerCase(),
      TITLE: (v) => v.title.toLowerCase(),
      POSITION: (v) => v.position,
      INVENTORY_QUANTITY: (v) => s.inventoryQuantity(v),
      INVENTORY_POLICY: (v) => v.inventoryPolicy,
    });
    const predicate = this.#search(info, args.query, VARIANT_SEARCH);
    return connection(
      items,
      args as ConnectionArgs,
      key,
      (v) => new VariantView(v, this.c),
      predicate ? (v) => predicate({ s, v }) : undefined,
    );
  }

  inventoryItem(args: Args) {
    requireScope(this.c, "inventoryItem", READ_SCOPES.inventoryItem);
    return byGid(
      args.id,
      "InventoryItem",
      (id) => this.c.s.inventoryItems.get(id),
      (r) => new InventoryItemView(r, this.c),
    );
  }

  inventoryItems(args: Args, _c: AdminContext, info: GraphQLResolveInfo) {
    requireScope(this.c, "inventoryItems", READ_SCOPES.inventoryItems);
    const predicate = this.#search(info, args.query, INVENTORY_ITEM_SEARCH);
    return connection(
      this.c.s.inventoryItemList,
      args as ConnectionArgs,
      (i) => [i.id, i.id],
      (i) => new InventoryItemView(i, this.c),
      predicate,
    );
  }

  inventoryLevel(args: Args) {
    requireScope(this.c, "inventoryLevel", READ_SCOPES.inventoryLevel);
    const p = requireGid(args.id);
    if (p?.type !== "InventoryLevel") return null;
    const itemId = storeKey(p.params.inventory_item_id);
    const level = itemId === null ? undefined : this.c.s.inventoryItems.get(itemId)?.levels.get(p.id);
    return level ? new InventoryLevelView(level, this.c) : null;
  }

  order(args: Args) {
    requireScope(this.c, "order", READ_SCOPES.order);
    return byGid(
      args.id,
      "Order",
      (id) => this.c.s.orders.get(id),
      (r) => new OrderView(r, this.c),
    );
  }

  orders(args: Args, _c: AdminContext, info: GraphQLResolveInfo) {
    requireScope(this.c, "orders", READ_SCOPES.orders);
    const s = this.c.s;
    const { items, key } = sorted(
      s.orderList,
      args.sortKey ?? "PROCESSED_AT",
      ["ID", "PROCESSED_AT", "CREATED_AT", "ORDER_NUMBER"],
      {
        UPDATED_AT: (o) => time(o.updatedAt),
      },
    );
    const predicate = this.#search(info, args.query, ORDER_SEARCH);
    return connection(
      items,
      args as ConnectionArgs,
      key,
      (o) => new OrderView(o, this.c),
      predicate ? (o) => predicate({ s, o }) : undefined,
    );
  }

  fulfillmentOrder(args: Args) {
    return byGid(
      args.id,
      "FulfillmentOrder",
      (id) => this.c.s.fulfillmentOrders.get(id),
      (r) => new FulfillmentOrderView(r, this.c),
    );
  }

  fulfillmentOrders(args: Args, _c: AdminContext, info: GraphQLResolveInfo) {
    const { items, key } = sorted(this.c.s.fulfillmentOrderList, args.sortKey, ["ID"], {
      UPDATED_AT: (fo) => time(fo.updatedAt),
    });
    const predicate = this.#search(info, args.query, FULFILLMENT_ORDER_SEARCH);
    const includeClosed = args.includeClosed === true;
    return connection(
      items,
      args as ConnectionArgs,
      key,
      (fo) => new FulfillmentOrderView(fo, this.c),
      (fo) =>
        (includeClosed || (fo.status !== "CLOSED" && fo.status !== "CANCELLED")) &&
        (!predicate || predicate(fo)),
    );
  }

  customer(args: Args) {
    requireScope(this.c, "customer", READ_SCOPES.customer);
    return byGid(
      args.id,
      "Customer",
      (id) => this.c.s.customers.get(id),
      (r) => new CustomerView(r, this.c),
    );
  }

  customers(args: Args, _c: AdminContext, info: GraphQLResolveInfo) {
    requireScope(this.c, "customers", READ_SCOPES.customers);
    const { items, key } = sorted(this.c.s.customerList, args.sortKey, ["ID", "CREATED_AT"], {
      UPDATED_AT: (cu) => time(cu.updatedAt),
      NAME: (cu) => `${cu.firstName ?? ""} ${cu.lastName ?? ""}`.toLowerCase(),
    });
    const predicate = this.#search(info, args.query, CUSTOMER_SEARCH);
    return connection(items, args as ConnectionArgs, key, (cu) => new CustomerView(cu, this.c), predicate);
  }

  codeDiscountNodeByCode(args: Args) {
    const record = this.c.s.discountByCode.get(String(args.code).trim().toLowerCase());
    return record ? new DiscountCodeNodeView(record, this.c) : null;
  }

  codeDiscountNode(args: Args) {
    return byGid(
      args.id,
      "DiscountCodeNode",
      (id) => this.c.s.discounts.get(id),
      (r) => new DiscountCodeNodeView(r, this.c),
    );
  }
}
