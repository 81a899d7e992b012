import type { AppBridge } from "./app-bridge";
import { appBridgePicker, type ResourcePicker } from "./components/resource-picker/picked";
import { createApiClient } from "./api/client";
import { createWaitwellApi, type WaitwellApi } from "./api/waitwell-api";
import { createInsightsApi, type InsightsApi } from "./api/insights-api";
import { createAlertsApi, type AlertsApi } from "./api/alerts-api";

/** What pages get from outside: the API and a way to tell the merchant something. Built once, in main.tsx. */
export interface Services {
  api: WaitwellApi;
  /** The dashboard's figures (waiting value, ageing, at risk, demand, reorder, promise accuracy). */
  insights: InsightsApi;
  /** Merchant alerts: the list, acknowledge/dismiss, which alerts go to whom. */
  alerts: AlertsApi;
  toast(message: string, options?: { isError?: boolean }): void;
  /** Shopify admin's resource picker when embedded; null in local mode (pages then use the Polaris picker). */
  pickResource: ResourcePicker | null;
}

export function createServices(appBridge: AppBridge, fetchImpl?: typeof fetch): Services {
  const client = createApiClient({ idToken: () => appBridge.idToken(), fetch: fetchImpl });
  return {
    api: createWaitwellApi(client),
    insights: createInsightsApi(client),
    alerts: createAlertsApi(client),
    toast: (message, options) => void appBridge.toast.show(message, options),
    pickResource: appBridgePicker(appBridge),
  };
}
