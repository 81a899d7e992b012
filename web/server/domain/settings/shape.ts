import { DEFAULT_ALLOCATION_RULES, type AllocationRules } from "../backorder/types.js";
import type { PriceBand } from "../substitution/money.js";

/**
 * The merchant's settings for one shop: the engine's tag, ship-together and allocation rules, and availability's
 * calendar and substitute price band. This module owns their shape and defaults (shop-settings.ts their validation);
 * storage, the HTTP schema (http/routes/settings.schemas.ts) and the admin (web/frontend) follow it. It imports
 * only types and constants, so the admin's bundle can use it too.
 */
export interface ShopSettings {
  /** Tag added to orders with backordered units. */
  backorderTag: string;
  /** Hold the whole order instead of only the waiting units. */
  shipTogether: boolean;
  /** How arriving stock is handed to waiting lines (priority tags, complete lines first, partial limits). */
  allocation: AllocationRules;
  /** Days the warehouse does not dispatch (ISO dates, "2026-12-25"), skipped by every ETA. */
  holidays: string[];
  /** ISO weekdays the warehouse is closed (1 = Monday … 7 = Sunday); at least one weekday stays open. */
  weekend: number[];
  /** Automatic substitutes stay within this band of the original's price (whole percent); null: any price. */
  substitutePriceBand: PriceBand | null;
}

export const DEFAULT_SHOP_SETTINGS: ShopSettings = {
  backorderTag: "backorder",
  shipTogether: false,
  allocation: DEFAULT_ALLOCATION_RULES,
  holidays: [],
  weekend: [6, 7],
  substitutePriceBand: null,
};

/** Bounds a request is held to before the settings are checked whole (Shopify caps a tag at 40 characters). */
export const SETTINGS_LIMITS = {
  tagLength: 40,
  priorityTags: 50,
  holidays: 366,
  belowPercent: 100,
  abovePercent: 1000,
} as const;

/** A partial change; `allocation` is merged field by field into the stored rules, null clears the price band. */
export interface SettingsPatch {
  backorderTag?: string | undefined;
  shipTogether?: boolean | undefined;
  allocation?: Partial<AllocationRules> | undefined;
  holidays?: string[] | undefined;
  weekend?: number[] | undefined;
  substitutePriceBand?: PriceBand | null | undefined;
}
