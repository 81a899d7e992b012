import type { DevStore } from "../model/store.js";
import type { ShopState } from "../model/shop-state.js";
import type { InstallationRecord } from "../model/types.js";
import type { SearchWarning } from "./search.js";

/** Per-request context: the shop the token belongs to and the calling app. */
export interface AdminContext {
  store: DevStore;
  s: ShopState;
  apiKey: string;
  /** The calling app's numeric App id (for `$app` namespaces and `heldByRequestingApp`). */
  appId: number;
  installation: InstallationRecord | null;
  /** Search warnings, returned under `extensions.search` like Shopify does. */
  search: { path: readonly (string | number)[]; query: string; warnings: SearchWarning[] }[];
}
