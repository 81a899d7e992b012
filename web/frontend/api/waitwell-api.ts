import type {
  CreateFeedImport,
  FeedImport,
  FeedImportDetail,
} from "../../server/http/routes/etas.schemas.js";
import type { ApiClient } from "./client";
import { createRulesApi, type RulesApi } from "./rules-api";
import type {
  AllocationPreview,
  BackorderStats,
  BulkAction,
  BulkOutcome,
  InboxEvent,
  InboxEventDetail,
  InboxPage,
  InboxQuery,
  LineDetail,
  LinesPage,
  LinesQuery,
  LineView,
  ReconcileRun,
  SettingsAnswer,
  SettingsPatch,
  ShopOverview,
} from "./types";

/** Waitwell's admin API, one method per endpoint. Pages depend on this interface, tests can fake it or fetch. */
export interface WaitwellApi extends RulesApi {
  getShop(signal?: AbortSignal): Promise<ShopOverview>;
  listInbox(query: InboxQuery, signal?: AbortSignal): Promise<InboxPage>;
  getInboxEvent(id: string, signal?: AbortSignal): Promise<InboxEventDetail>;
  /** Puts a DEAD event back in the queue; the server answers 409 for any other status. */
  replayInboxEvent(id: string): Promise<InboxEvent>;

  listBackorderLines(query: LinesQuery, signal?: AbortSignal): Promise<LinesPage>;
  getBackorderLine(lineItemId: string, signal?: AbortSignal): Promise<LineDetail>;
  /** null clears the priority. */
  setLinePriority(lineItemId: string, priority: number | null): Promise<{ line: LineView }>;
  /** Allocates units by hand; the server refuses (4xx) what the stock or the rules do not allow. */
  allocateLine(lineItemId: string, units: number): Promise<{ line: LineView }>;
  /** One action on many lines; a dry run says what it would do and changes nothing. */
  bulkLines(lineItemIds: string[], action: BulkAction, dryRun: boolean): Promise<BulkOutcome>;
  /** The filtered list as CSV (every page, streamed by the server). */
  exportBackorderLines(query: Omit<LinesQuery, "limit" | "cursor">): Promise<Blob>;
  /** What `arriving` more units of the variant would do to its queue; changes nothing. */
  previewAllocation(variantId: string, arriving: number, signal?: AbortSignal): Promise<AllocationPreview>;
  getBackorderStats(signal?: AbortSignal): Promise<BackorderStats>;
  /** Starts a run (202) and returns it as it is now. */
  startReconcile(): Promise<{ run: ReconcileRun }>;
  /** The latest run, or null before the first one. */
  getLatestReconcile(signal?: AbortSignal): Promise<ReconcileRun | null>;

  /** The settings with the server's defaults and bounds; the page fills in what an older server leaves out. */
  getSettings(signal?: AbortSignal): Promise<SettingsAnswer>;
  updateSettings(patch: SettingsPatch): Promise<SettingsAnswer>;

  /** Customer care (/api/customer-care): message templates and settings. */
  listCareTemplates(signal?: AbortSignal): Promise<{ templates: CareTemplate[] }>;
  saveCareTemplate(
    kind: string,
    locale: string,
    template: { subject: string; body: string },
  ): Promise<unknown>;
  resetCareTemplate(kind: string, locale: string): Promise<unknown>;
  previewCareTemplate(
    kind: string,
    locale: string,
    draft: { subject: string; body: string },
  ): Promise<{ preview: { subject: string; html: string; text: string } }>;
  testCareTemplate(kind: string, locale: string, to: string): Promise<unknown>;
  updateCareSettings(patch: unknown): Promise<unknown>;

  /** Supplier feeds (/api/etas): an import waits for its file, reads it, then checks (and applies) in the background. */
  createFeedImport(input: CreateFeedImport): Promise<{ import: FeedImport }>;
  /** Answers once the file is read (202); 413/422 name the limit it broke. */
  uploadFeedFile(id: string, file: Blob): Promise<{ import: FeedImport }>;
  getFeedImport(id: string, signal?: AbortSignal): Promise<{ import: FeedImportDetail }>;
  listFeedImports(signal?: AbortSignal): Promise<{ imports: FeedImport[] }>;
}

export interface CareTemplate {
  kind: string;
  locale: string;
  subject: string;
  body: string;
  edited: boolean;
  enabled: boolean;
}

const careTemplateUrl = (kind: string, locale: string) =>
  `/api/customer-care/templates/${encodeURIComponent(kind)}/${encodeURIComponent(locale)}`;

const feedImportUrl = (id: string) => `/api/etas/imports/${encodeURIComponent(id)}`;

const lineUrl = (lineItemId: string) => `/api/backorders/lines/${encodeURIComponent(lineItemId)}`;

export function createWaitwellApi(client: ApiClient): WaitwellApi {
  return {
    ...createRulesApi(client),
    getShop: (signal) => client.request("/api/shop", { signal }),
    listInbox: (query, signal) => client.request("/api/inbox", { query: { ...query }, signal }),
    getInboxEvent: (id, signal) => client.request(`/api/inbox/${encodeURIComponent(id)}`, { signal }),
    replayInboxEvent: (id) =>
      client.request(`/api/inbox/${encodeURIComponent(id)}/replay`, { method: "POST" }),

    listBackorderLines: ({ status, ...query }, signal) =>
      client.request("/api/backorders/lines", {
        query: { ...query, status: status?.length ? status.join(",") : undefined },
        signal,
      }),
    getBackorderLine: (lineItemId, signal) => client.request(lineUrl(lineItemId), { signal }),
    setLinePriority: (lineItemId, priority) =>
      client.request(`${lineUrl(lineItemId)}/priority`, { method: "POST", body: { priority } }),
    allocateLine: (lineItemId, units) =>
      client.request(`${lineUrl(lineItemId)}/allocate`, { method: "POST", body: { units } }),
    bulkLines: (lineItemIds, action, dryRun) =>
      client.request("/api/backorders/lines/bulk", {
        method: "POST",
        body: { lineItemIds, action, dryRun },
      }),
    exportBackorderLines: ({ status, ...query }) =>
      client.download("/api/backorders/lines.csv", {
        query: { ...query, status: status?.length ? status.join(",") : undefined },
      }),
    previewAllocation: (variantId, arriving, signal) =>
      client.request("/api/backorders/preview", { query: { variantId, arriving }, signal }),
    getBackorderStats: (signal) => client.request("/api/backorders/stats", { signal }),
    startReconcile: () => client.request("/api/backorders/reconcile", { method: "POST" }),
    getLatestReconcile: async (signal) => {
      // The contract is "the run or null"; a `{ run }` wrapper (as POST answers) is accepted too.
      const body = await client.request<unknown>("/api/backorders/reconcile", { signal });
      if (typeof body !== "object" || body === null) return null;
      if ("run" in body) return (body.run as ReconcileRun | null | undefined) ?? null;
      return body as ReconcileRun;
    },

    getSettings: (signal) => client.request("/api/settings", { signal }),
    updateSettings: (patch) => client.request("/api/settings", { method: "PATCH", body: patch }),
    listCareTemplates: (signal) => client.request("/api/customer-care/templates", { signal }),
    saveCareTemplate: (kind, locale, template) =>
      client.request(careTemplateUrl(kind, locale), { method: "PUT", body: template }),
    resetCareTemplate: (kind, locale) => client.request(careTemplateUrl(kind, locale), { method: "DELETE" }),
    previewCareTemplate: (kind, locale, draft) =>
      client.request(`${careTemplateUrl(kind, locale)}/preview`, { method: "POST", body: draft }),
    testCareTemplate: (kind, locale, to) =>
      client.request(`${careTemplateUrl(kind, locale)}/test`, { method: "POST", body: { to } }),
    updateCareSettings: (patch) =>
      client.request("/api/customer-care/settings", { method: "PATCH", body: patch }),
    createFeedImport: (input) => client.request("/api/etas/imports", { method: "POST", body: input }),
    uploadFeedFile: (id, file) =>
      client.request(`${feedImportUrl(id)}/file`, { method: "PUT", raw: { data: file, type: "text/csv" } }),
    getFeedImport: (id, signal) => client.request(feedImportUrl(id), { signal }),
    listFeedImports: (signal) => client.request("/api/etas/imports", { signal }),
  };
}
