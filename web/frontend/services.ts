import type { AppBridge } from "./app-bridge";
import { createApiClient } from "./api/client";
import { createWaitwellApi, type WaitwellApi } from "./api/waitwell-api";
import { createInsightsApi, type InsightsApi } from "./api/insights-api";

/** What pages get from outside: the API and a way to tell the merchant something. Built once, in main.tsx. */
export interface Services {
  api: WaitwellApi;
  /** The dashboard's figures (waiting value, ageing, at risk, demand, reorder, promise accuracy). */
  insights: InsightsApi;
  toast(message: string, options?: { isError?: boolean }): void;
}

export function createServices(appBridge: AppBridge, fetchImpl?: typeof fetch): Services {
  const client = createApiClient({ idToken: () => appBridge.idToken(), fetch: fetchImpl });
  return {
    api: createWaitwellApi(client),
    insights: createInsightsApi(client),
    toast: (message, options) => void appBridge.toast.show(message, options),
  };
}
