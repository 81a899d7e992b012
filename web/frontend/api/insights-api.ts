import type { ApiClient } from "./client";
import type {
  AccuracyReport,
  DemandReport,
  InsightsOverview,
  ReorderReport,
} from "../../server/use-cases/insights/index.js";

export type { AccuracyReport, DemandReport, InsightsOverview, ReorderReport };

/** The dashboard's figures (/api/insights): the shapes are the server's own types (use-cases/insights). */
export interface InsightsApi {
  overview(signal?: AbortSignal): Promise<InsightsOverview>;
  demand(signal?: AbortSignal): Promise<DemandReport>;
  reorder(signal?: AbortSignal): Promise<ReorderReport>;
  /** The reorder list as CSV (spreadsheet-safe, as the server writes it). */
  exportReorder(): Promise<Blob>;
  accuracy(days: number, signal?: AbortSignal): Promise<AccuracyReport>;
}

export function createInsightsApi(client: ApiClient): InsightsApi {
  return {
    overview: (signal) => client.request("/api/insights/overview", { signal }),
    demand: (signal) => client.request("/api/insights/demand", { signal }),
    reorder: (signal) => client.request("/api/insights/reorder", { signal }),
    exportReorder: () => client.download("/api/insights/reorder.csv"),
    accuracy: (days, signal) => client.request("/api/insights/accuracy", { query: { days }, signal }),
  };
}
