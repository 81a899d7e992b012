import {
  isInboxStatus,
  isLineSort,
  isLineStatus,
  type InboxStatus,
  type LineSort,
  type LineStatus,
} from "./api/types";

/**
 * Routes live in the URL hash (`/?shop=…&host=…#/inbox?status=DEAD`): any static server can serve the single
 * index.html without a fallback rule, and the query string Shopify admin adds (shop, host, id_token) is never touched.
 * New pages add a variant here, a case in parseHash/hrefFor, and a case in app.tsx.
 */
export type Route =
  | { name: "dashboard" }
  | { name: "inbox"; status: InboxStatus | null }
  | { name: "backorders"; filters: BackorderFilters }
  | { name: "backorderLine"; lineItemId: string }
  | { name: "settings" }
  | { name: "customerEmails" }
  | { name: "alerts" }
  | { name: "rules" }
  /** A rule's editor: `id` null for a new rule. */
  | { name: "ruleEditor"; id: string | null }
  | { name: "substitutes"; variantId: string | null }
  /** Supplier feeds; `importId` opens one import (its result, errors and slips). */
  | { name: "feeds"; importId: string | null }
  | { name: "notFound"; path: string };

/** "waiting" (backordered or partially allocated) is the default view; "all" sends no status filter. */
export type BackorderView = "waiting" | "all" | LineStatus;

export interface BackorderFilters {
  view: BackorderView;
  /** Text search: order name, customer, SKU, product. */
  q: string | null;
  sort: LineSort;
  orderId: string | null;
  customerId: string | null;
  variantId: string | null;
  olderThanDays: number | null;
}

export const NO_BACKORDER_FILTERS: BackorderFilters = {
  view: "waiting",
  q: null,
  sort: "newest",
  orderId: null,
  customerId: null,
  variantId: null,
  olderThanDays: null,
};

const BACKORDER_LINE_PREFIX = "/backorders/";

export function parseHash(hash: string): Route {
  const [rawPath = "", rawQuery = ""] = hash.replace(/^#/, "").split("?", 2);
  const path = "/" + rawPath.replace(/^\/+|\/+$/g, "");
  const query = new URLSearchParams(rawQuery);
  switch (path) {
    case "/":
      return { name: "dashboard" };
    case "/inbox": {
      const status = query.get("status");
      return { name: "inbox", status: isInboxStatus(status) ? status : null };
    }
    case "/backorders":
      return { name: "backorders", filters: parseBackorderFilters(query) };
    case "/settings":
      return { name: "settings" };
    case "/customer-emails":
      return { name: "customerEmails" };
    case "/alerts":
      return { name: "alerts" };
    case "/rules":
      return { name: "rules" };
    case "/rules/new":
      return { name: "ruleEditor", id: null };
    case "/substitutes":
      return { name: "substitutes", variantId: query.get("variantId")?.trim() || null };
    case "/feeds":
      return { name: "feeds", importId: query.get("import")?.trim() || null };
  }
  const ruleId = /^\/rules\/([^/]+)$/.exec(path)?.[1];
  if (ruleId) return { name: "ruleEditor", id: safeDecode(ruleId) ?? ruleId };
  if (path.startsWith(BACKORDER_LINE_PREFIX)) {
    const encoded = path.slice(BACKORDER_LINE_PREFIX.length);
    if (!encoded.includes("/")) {
      try {
        return { name: "backorderLine", lineItemId: decodeURIComponent(encoded) };
      } catch {
        // malformed escape: not a route of ours
      }
    }
  }
  return { name: "notFound", path };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case "dashboard":
      return "#/";
    case "inbox":
      return route.status ? `#/inbox?status=${route.status}` : "#/inbox";
    case "backorders": {
      const query = backorderFiltersQuery(route.filters);
      return query ? `#/backorders?${query}` : "#/backorders";
    }
    case "backorderLine":
      return `#${BACKORDER_LINE_PREFIX}${encodeURIComponent(route.lineItemId)}`;
    case "customerEmails":
      return "#/customer-emails";
    case "alerts":
      return "#/alerts";
    case "rules":
      return "#/rules";
    case "ruleEditor":
      return route.id === null ? "#/rules/new" : `#/rules/${encodeURIComponent(route.id)}`;
    case "substitutes":
      return route.variantId
        ? `#/substitutes?variantId=${encodeURIComponent(route.variantId)}`
        : "#/substitutes";
    case "feeds":
      return route.importId ? `#/feeds?import=${encodeURIComponent(route.importId)}` : "#/feeds";
    case "settings":
      return "#/settings";
    case "notFound":
      return `#${route.path}`;
  }
}

function parseBackorderFilters(query: URLSearchParams): BackorderFilters {
  const status = query.get("status");
  const days = Number(query.get("olderThanDays"));
  const text = (name: string) => query.get(name)?.trim() || null;
  return {
    view: status === "all" || isLineStatus(status) ? status : "waiting",
    q: text("q"),
    sort: isLineSort(query.get("sort")) ? (query.get("sort") as LineSort) : "newest",
    orderId: text("orderId"),
    customerId: text("customerId"),
    variantId: text("variantId"),
    olderThanDays: Number.isSafeInteger(days) && days > 0 ? days : null,
  };
}

export function backorderFiltersQuery(filters: BackorderFilters): string {
  const params = new URLSearchParams();
  if (filters.view !== "waiting") params.set("status", filters.view);
  if (filters.q) params.set("q", filters.q);
  if (filters.sort !== "newest") params.set("sort", filters.sort);
  if (filters.orderId) params.set("orderId", filters.orderId);
  if (filters.customerId) params.set("customerId", filters.customerId);
  if (filters.variantId) params.set("variantId", filters.variantId);
  if (filters.olderThanDays) params.set("olderThanDays", String(filters.olderThanDays));
  return params.toString();
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
