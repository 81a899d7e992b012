/**
 * The part of App Bridge (`window.shopify`) that Waitwell uses. Inside Shopify admin the CDN script defines it; in
 * local mode the server injects a stand-in with the same two methods (see README.md). Nothing else of App Bridge is
 * relied on, so both stay interchangeable.
 */
export interface AppBridge {
  idToken(): Promise<string>;
  toast: { show(message: string, options?: { isError?: boolean; duration?: number }): unknown };
  /**
   * Shopify admin's resource picker (https://shopify.dev/docs/api/app-home/apis/resource-picker); absent in local
   * mode, where the admin uses its own Polaris picker fed by the Admin API through Waitwell's server.
   */
  resourcePicker?: (options: {
    type: "product" | "variant" | "collection";
    action?: "add" | "select";
    multiple?: boolean | number;
  }) => Promise<AppBridgeResource[] | undefined>;
}

/** The fields of a picked resource Waitwell reads (products carry their variants, variants their product). */
export interface AppBridgeResource {
  id: string;
  title?: string;
  displayName?: string;
  product?: { id: string; title?: string };
  variants?: { id: string; title?: string; displayName?: string }[];
}

/** `window.shopify` if it has the shape above; null when the page was opened outside admin and local mode. */
export function findAppBridge(scope: object = globalThis): AppBridge | null {
  const candidate = (scope as { shopify?: unknown }).shopify;
  if (typeof candidate !== "object" || candidate === null) return null;
  const { idToken, toast } = candidate as Record<string, unknown>;
  if (typeof idToken !== "function" || typeof toast !== "object" || toast === null) return null;
  return typeof (toast as Record<string, unknown>).show === "function" ? (candidate as AppBridge) : null;
}
