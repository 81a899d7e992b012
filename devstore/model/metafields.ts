import { parseGid } from "./ids.js";
import { normaliseTags } from "./orders.js";
import { fail, ok, userError, type Outcome, type UserErrorRecord } from "./outcome.js";
import { sha256Hex } from "./random.js";
import type { ShopState } from "./shop-state.js";
import type { Tx } from "./tx.js";
import type { MetafieldRecord } from "./types.js";

/**
 * metafieldsSet semantics from the 2025-01 schema description: at most 25 per call, atomic (nothing is written when
 * any input fails), compare-and-set with `compareDigest` (null means "must not exist yet"), and the app-reserved
 * namespace `$app` (the default when namespace is omitted) stored as `app--{appId}`.
 */
export const MAX_METAFIELDS_PER_SET = 25;

/** Object types that can own metafields in the dev store, with their MetafieldOwnerType. */
export const OWNER_TYPES: Record<string, string> = {
  Order: "ORDER",
  Product: "PRODUCT",
  ProductVariant: "PRODUCTVARIANT",
  Customer: "CUSTOMER",
  Shop: "SHOP",
  Location: "LOCATION",
  DiscountCodeNode: "DISCOUNT",
  AppInstallation: "API_PERMISSION",
};

const NAME_RE = /^[A-Za-z0-9_-]+$/;

/** https://shopify.dev/docs/apps/build/custom-data/metafields/list-of-data-types (the ones the dev store checks). */
const VALIDATORS: Record<string, (v: string) => boolean> = {
  single_line_text_field: (v) => !v.includes("\n"),
  multi_line_text_field: () => true,
  rich_text_field: isJson,
  number_integer: (v) => /^-?\d+$/.test(v) && Math.abs(Number(v)) <= 9_007_199_254_740_991,
  number_decimal: (v) => /^-?\d+(\.\d+)?$/.test(v),
  boolean: (v) => v === "true" || v === "false",
  json: isJson,
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  date_time: (v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)),
  url: (v) => /^(https?|mailto|sms|tel):\S+$/.test(v),
  color: (v) => /^#[0-9A-Fa-f]{6}$/.test(v),
  money: isJson,
  weight: isJson,
  dimension: isJson,
  volume: isJson,
  rating: isJson,
  id: (v) => v.length > 0,
  product_reference: (v) => /^gid:\/\/shopify\/Product\/\d+$/.test(v),
  variant_reference: (v) => /^gid:\/\/shopify\/ProductVariant\/\d+$/.test(v),
  customer_reference: (v) => /^gid:\/\/shopify\/Customer\/\d+$/.test(v),
  collection_reference: (v) => /^gid:\/\/shopify\/Collection\/\d+$/.test(v),
  metaobject_reference: (v) => /^gid:\/\/shopify\/Metaobject\/\d+$/.test(v),
};

function isJson(v: string): boolean {
  try {
    JSON.parse(v);
    return true;
  } catch {
    return false;
  }
}

function validValue(type: string, value: string): boolean {
  if (type.startsWith("list.")) {
    const inner = VALIDATORS[type.slice(5)];
    if (!inner || !isJson(value)) return false;
    const parsed: unknown = JSON.parse(value);
    return (
      Array.isArray(parsed) &&
      parsed.every((x) => (typeof x === "string" ? inner(x) : inner(JSON.stringify(x))))
    );
  }
  const check = VALIDATORS[type];
  return check ? check(value) : false;
}

export function knownType(type: string): boolean {
  return type.startsWith("list.") ? type.slice(5) in VALIDATORS : type in VALIDATORS;
}

/** `$app` / `$app:suffix` → `app--{appId}` / `app--{appId}--suffix`; anything else is stored as given. */
export function resolveNamespace(namespace: string | null | undefined, appId: number): string {
  const ns = namespace ?? "$app";
  if (ns === "$app") return `app--${appId}`;
  if (ns.startsWith("$app:")) return `app--${appId}--${ns.slice(5)}`;
  return ns;
}

export function metafieldKey(namespace: string, key: string): string {
  return `${namespace}\u0000${key}`;
}

export function compareDigest(m: MetafieldRecord): string {
  return sha256Hex(`${m.namespace}\u0000${m.key}\u0000${m.type}\u0000${m.value}`);
}

export function ownerExists(s: ShopState, ownerGid: string): boolean {
  const p = parseGid(ownerGid);
  if (!p || !(p.type in OWNER_TYPES)) return false;
  switch (p.type) {
    case "Order":
      return s.orders.has(p.id);
    case "Product":
      return s.products.has(p.id);
    case "ProductVariant":
      return s.variants.has(p.id);
    case "Customer":
      return s.customers.has(p.id);
    case "Shop":
      return s.shop.id === p.id;
    case "Location":
      return s.locations.has(p.id);
    case "DiscountCodeNode":
      return s.discounts.has(p.id);
    case "AppInstallation":
      return [...s.installations.values()].some((i) => i.id === p.id);
    default:
      return false;
  }
}

export interface MetafieldSetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  value: string;
  type?: string | null;
  /** Absent: no check. null: the metafield must not exist. A string: it must match the stored digest. */
  compareDigest?: string | null;
}

export interface MetafieldPlan {
  writes: {
    input: MetafieldSetInput;
    namespace: string;
    existing: MetafieldRecord | undefined;
    type: string;
  }[];
}

/**
 * Validates metafield writes without touching anything, so callers that combine them with other changes
 * (productVariantsBulkUpdate) stay atomic. `path` gives each input's userError field prefix.
 */
export function planMetafields(
  s: ShopState,
  inputs: { input: MetafieldSetInput; path: string[]; index: number }[],
  appId: number,
): Outcome<MetafieldPlan> {
  const errors: UserErrorRecord[] = [];
  const writes: MetafieldPlan["writes"] = [];
  // Metafield writes fire no orders/updated or products/update here; Shopify apps opt in with metafieldNamespaces.
  for (const { input, path, index } of inputs) {
    const at = (field: string, message: string, code: string) =>
      errors.push({ field: [...path, field], message, code, elementIndex: index });
    const before = errors.length;
    if (!ownerExists(s, input.ownerId)) at("ownerId", "Owner does not exist.", "INVALID_VALUE");
    const rawNs = input.namespace ?? "$app";
    const namespace = resolveNamespace(rawNs, appId);
    const bareNs = rawNs.startsWith("$app:") ? rawNs.slice(5) : rawNs === "$app" ? "app" : rawNs;
    if (bareNs.length < (rawNs.startsWith("$app") ? 1 : 3))
      at("namespace", "Namespace is too short (minimum is 3 characters)", "TOO_SHORT");
    else if (namespace.length > 255)
      at("namespace", "Namespace is too long (maximum is 255 characters)", "TOO_LONG");
    else if (!NAME_RE.test(bareNs))
      at("namespace", "Namespace contains one or more invalid characters.", "INVALID_VALUE");
    else if (/^app--\d+/.test(namespace) && !namespace.startsWith(`app--${appId}`))
      at(
        "namespace",
        "Access to this namespace and key on Metafields for this resource type is not allowed.",
        "APP_NOT_AUTHORIZED",
      );
    if (input.key.length < 2) at("key", "Key is too short (minimum is 2 characters)", "TOO_SHORT");
    else if (input.key.length > 64) at("key", "Key is too long (maximum is 64 characters)", "TOO_LONG");
    else if (!NAME_RE.test(input.key))
      at("key", "Key contains one or more invalid characters.", "INVALID_VALUE");
    const existing = s.metafieldsOf(input.ownerId)?.get(metafieldKey(namespace, input.key));
    const type = input.type ?? existing?.type;
    if (!type) at("type", "Type can't be blank", "BLANK");
    else if (!knownType(type))
      at("type", `Type must be one of the supported metafield types; ${type} is not.`, "INVALID_TYPE");
    else if (existing && input.type && input.type !== existing.type)
      at(
        "type",
        `Type ${input.type} doesn't match the existing metafield's type ${existing.type}.`,
        "INVALID_TYPE",
      );
    else if (!validValue(type, input.value))
      at("value", `Value is invalid for type ${type}.`, "INVALID_VALUE");
    if (input.compareDigest !== undefined) {
      const stale =
        input.compareDigest === null
          ? existing !== undefined
          : !existing || compareDigest(existing) !== input.compareDigest;
      if (stale)
        at(
          "compareDigest",
          "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.",
          "STALE_OBJECT",
        );
    }
    if (errors.length === before && type) writes.push({ input, namespace, existing, type });
  }
  return errors.length > 0 ? fail(...errors) : ok({ writes });
}

export function applyMetafields(s: ShopState, plan: MetafieldPlan): MetafieldRecord[] {
  const now = s.now();
  return plan.writes.map(({ input, namespace, existing, type }) => {
    if (existing) {
      existing.value = input.value;
      existing.type = type;
      existing.updatedAt = now;
      return existing;
    }
    const record: MetafieldRecord = {
      id: s.nextId("Metafield"),
      ownerGid: input.ownerId,
      namespace,
      key: input.key,
      type,
      value: input.value,
      createdAt: now,
      updatedAt: now,
    };
    s.metafields.set(record.id, record);
    let byKey = s.metafieldsByOwner.get(input.ownerId);
    if (!byKey) {
      byKey = new Map();
      s.metafieldsByOwner.set(input.ownerId, byKey);
    }
    byKey.set(metafieldKey(namespace, input.key), record);
    return record;
  });
}

export function setMetafields(
  s: ShopState,
  inputs: MetafieldSetInput[],
  appId: number,
): Outcome<MetafieldRecord[]> {
  if (inputs.length > MAX_METAFIELDS_PER_SET) {
    return fail({
      field: ["metafields"],
      message: `Exceeded the maximum metafields input limit of ${MAX_METAFIELDS_PER_SET}.`,
      code: "LESS_THAN_OR_EQUAL_TO",
      elementIndex: null,
    });
  }
  const plan = planMetafields(
    s,
    inputs.map((input, index) => ({ input, path: ["metafields", String(index)], index })),
    appId,
  );
  return plan.ok ? ok(applyMetafields(s, plan.value)) : plan;
}

/** tagsAdd / tagsRemove on orders, products and customers. */
export function changeTags(
  s: ShopState,
  tx: Tx,
  ownerGid: string,
  tags: string[],
  mode: "add" | "remove",
): Outcome<{ type: string; id: number }> {
  const p = parseGid(ownerGid);
  const target =
    p?.type === "Order"
      ? s.orders.get(p.id)
      : p?.type === "Product"
        ? s.products.get(p.id)
        : p?.type === "Customer"
          ? s.customers.get(p.id)
          : undefined;
  if (!p || !target) return fail(userError(["id"], `${p?.type ?? "Node"} does not exist`));
  const incoming = normaliseTags(tags);
  if (incoming.some((t) => t.length > 255))
    return fail(userError(["tags"], "Tags cannot be longer than 255 characters."));
  const lower = new Set(incoming.map((t) => t.toLowerCase()));
  const before = target.tags.join("\u0000");
  target.tags =
    mode === "add"
      ? normaliseTags([...target.tags, ...incoming])
      : target.tags.filter((t) => !lower.has(t.toLowerCase()));
  if (target.tags.join("\u0000") !== before) {
    target.updatedAt = s.now();
    if (p.type === "Order") tx.orderUpdated(p.id);
    if (p.type === "Product") tx.productUpdated(p.id);
  }
  return ok({ type: p.type, id: p.id });
}
