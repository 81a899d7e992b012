import type { MessageKey } from "./locales/t";
import { NO_BACKORDER_FILTERS, type Route } from "./router";

export interface NavEntry {
  /** Where the entry leads. */
  route: Route;
  label: MessageKey;
  /** The routes under this entry, so it stays selected on their pages (the backorders entry on a line's page). */
  covers: ReadonlyArray<Route["name"]>;
}

/**
 * The admin's menu, in order: App Bridge's navigation menu inside Shopify admin, a Polaris navigation in local mode
 * (components/app-navigation.tsx renders both from this list). A new page adds one line here, with its label in
 * `locales/<lang>/nav.json`.
 */
export const NAV_ENTRIES: readonly NavEntry[] = [
  { route: { name: "dashboard" }, label: "nav.dashboard", covers: ["dashboard"] },
  {
    route: { name: "backorders", filters: NO_BACKORDER_FILTERS },
    label: "nav.backorders",
    covers: ["backorders", "backorderLine"],
  },
  { route: { name: "rules" }, label: "nav.rules", covers: ["rules", "ruleEditor"] },
  { route: { name: "substitutes", variantId: null }, label: "nav.substitutes", covers: ["substitutes"] },
  { route: { name: "feeds", importId: null }, label: "nav.feeds", covers: ["feeds"] },
  { route: { name: "inbox", status: null }, label: "nav.inbox", covers: ["inbox"] },
  { route: { name: "customerEmails" }, label: "nav.customerEmails", covers: ["customerEmails"] },
  { route: { name: "alerts" }, label: "nav.alerts", covers: ["alerts"] },
  { route: { name: "settings" }, label: "nav.settings", covers: ["settings"] },
];
