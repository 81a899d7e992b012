/**
 * Shapes of Waitwell's admin API, taken from the schemas the routes validate with (web/shared/api): one definition
 * for both sides, checked by the compiler. Timestamps are ISO 8601 strings. Type-only imports, but for the plain
 * arrays of line-enums.ts, keep the schemas' code out of the browser bundle.
 */
import type { SettingsAnswer, ShopSettings } from "../../shared/api/settings.js";

export {
  INBOX_STATUSES,
  isInboxStatus,
  isLineSort,
  isLineStatus,
  LINE_SORTS,
  LINE_STATUSES,
  WAITING_STATUSES,
  type InboxStatus,
  type LineSort,
  type LineStatus,
} from "../../shared/api/line-enums.js";
export type {
  InboxCounts,
  InboxEvent,
  InboxEventDetail,
  InboxPage,
  InboxQuery,
  ShopOverview,
} from "../../shared/api/inbox.js";
export type {
  AllocationPreview,
  BackorderStats,
  BulkAction,
  BulkLineOutcome,
  BulkOutcome,
  BulkSkipReason,
  LineDetail,
  LineEta,
  LineHistoryEntry,
  LineQuantities,
  LinesPage,
  LinesQuery,
  LineView,
  PreviewLineState,
} from "../../shared/api/backorders.js";
import type { ShopOverview } from "../../shared/api/inbox.js";
export type Shop = ShopOverview["shop"];
export type { SettingsAnswer, SettingsLimits, SettingsPatch } from "../../shared/api/settings.js";

/**
 * A reconcile run (web/server/jobs/reconcile-scheduler.ts). Only `status`, the timestamps and `error` are read by
 * name; the numbers in it and in `report` are shown as counts, so a new count needs no change here.
 */
export interface ReconcileRun {
  id?: string;
  status?: "running" | "completed" | "failed" | string;
  trigger?: string;
  report?: Record<string, unknown> | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  error?: string | null;
  [field: string]: unknown;
}

// ---------------------------------------------------------------- settings

/** Arrays the page edits in place. */
type Editable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

export type AllocationRules = Editable<ShopSettings["allocation"]>;

/** Substitutes stay within this band of the original's price, in whole percent: 20/20 keeps 80 %–120 %. */
export type PriceBand = NonNullable<ShopSettings["substitutePriceBand"]>;

/** The settings as the page holds them. Fields this page does not edit are passed through untouched. */
export interface Settings extends Omit<ShopSettings, "allocation"> {
  allocation: AllocationRules;
  [field: string]: unknown;
}

/** GET /api/settings, as the page reads it: the settings, the server's defaults and bounds. */
export type SettingsView = Omit<SettingsAnswer, "settings"> & { settings: Settings };
