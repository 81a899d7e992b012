import { isInboxStatus, type InboxStatus } from "./api/types";

/**
 * Routes live in the URL hash (`/?shop=…&host=…#/inbox?status=DEAD`): any static server can serve the single
 * index.html without a fallback rule, and the query string Shopify admin adds (shop, host, id_token) is never touched.
 * New pages add a variant here, a case in parseHash/hrefFor, and a case in app.tsx.
 */
export type Route =
  { name: "dashboard" } | { name: "inbox"; status: InboxStatus | null } | { name: "notFound"; path: string };

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
    default:
      return { name: "notFound", path };
  }
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case "dashboard":
      return "#/";
    case "inbox":
      return route.status ? `#/inbox?status=${route.status}` : "#/inbox";
    case "notFound":
      return `#${route.path}`;
  }
}
