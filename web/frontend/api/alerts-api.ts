import type { AlertSettingsBody, AlertView } from "../../server/http/routes/alerts.schemas.js";
import type { ApiClient } from "./client";

export type { AlertView };
/** The alert settings as the server validates them (http/routes/alerts.schemas.ts). */
export type AlertSettings = AlertSettingsBody;
export type AlertKind = AlertView["kind"];

/** Merchant alerts (/api/alerts): the shapes are the server's own (the route's zod schema and view type). */
export interface AlertsApi {
  list(includeDismissed: boolean, signal?: AbortSignal): Promise<{ alerts: AlertView[] }>;
  mark(id: string, action: "acknowledge" | "dismiss"): Promise<unknown>;
  getSettings(signal?: AbortSignal): Promise<{ settings: AlertSettings }>;
  /** A 400 names each bad field ("alerts.recipients.1: not an email address"). */
  saveSettings(settings: AlertSettings): Promise<{ settings: AlertSettings }>;
}

export function createAlertsApi(client: ApiClient): AlertsApi {
  return {
    list: (includeDismissed, signal) =>
      client.request("/api/alerts", { query: { dismissed: includeDismissed ? "1" : "0" }, signal }),
    mark: (id, action) =>
      client.request(`/api/alerts/${encodeURIComponent(id)}/${action}`, { method: "POST" }),
    getSettings: (signal) => client.request("/api/alerts/settings", { signal }),
    saveSettings: (settings) => client.request("/api/alerts/settings", { method: "PUT", body: settings }),
  };
}
