import { resolveAllocationRules } from "../backorder/index.js";
import { workCalendar, type CalendarDate, type Weekday } from "../eta/index.js";
import { InvalidValueError } from "../shared/errors.js";
import { assertBand } from "../substitution/index.js";
import { DEFAULT_SHOP_SETTINGS, type SettingsPatch, type ShopSettings } from "./shape.js";

export interface SettingsProblem {
  field: string;
  message: string;
}

/** Settings as stored, possibly from an older version without some fields: every missing field takes its default. */
export function withSettingsDefaults(stored: Partial<ShopSettings> | null | undefined): ShopSettings {
  const merged = { ...DEFAULT_SHOP_SETTINGS, ...stored };
  return { ...merged, allocation: { ...DEFAULT_SHOP_SETTINGS.allocation, ...merged.allocation } };
}

/**
 * What a patch changes, normalised: the tag trimmed, holidays and weekend days once each and in order (the admin
 * shows them as lists), allocation merged into the current rules.
 */
export function settingsChanges(current: ShopSettings, patch: SettingsPatch): Partial<ShopSettings> {
  const changes: Partial<ShopSettings> = {};
  if (patch.backorderTag !== undefined) changes.backorderTag = patch.backorderTag.trim();
  if (patch.shipTogether !== undefined) changes.shipTogether = patch.shipTogether;
  if (patch.allocation !== undefined)
    changes.allocation = { ...current.allocation, ...defined(patch.allocation) };
  if (patch.holidays !== undefined) changes.holidays = [...new Set(patch.holidays)].sort();
  if (patch.weekend !== undefined) changes.weekend = [...new Set(patch.weekend)].sort((a, b) => a - b);
  if (patch.substitutePriceBand !== undefined) changes.substitutePriceBand = patch.substitutePriceBand;
  return changes;
}

/**
 * Every problem of the settings as a whole, with the rules the domain applies to each part (resolveAllocationRules,
 * workCalendar, assertBand), named by the settings' own paths ("allocation.minPartialUnits").
 */
export function validateShopSettings(settings: ShopSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const check = (rename: (field: string) => string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof InvalidValueError)) throw e;
      problems.push({ field: rename(e.field), message: e.message.slice(e.field.length + 2) });
    }
  };
  if (!settings.backorderTag) problems.push({ field: "backorderTag", message: "must not be empty" });
  check(
    (f) => f.replace(/^rules\./, "allocation."),
    () => resolveAllocationRules(settings.allocation),
  );
  check(
    (f) => f.replace(/^calendar\./, ""),
    () =>
      workCalendar({ weekend: settings.weekend as Weekday[], holidays: settings.holidays as CalendarDate[] }),
  );
  const band = settings.substitutePriceBand;
  if (band) {
    check(
      (f) => f.replace(/^priceBand\./, "substitutePriceBand."),
      () => assertBand(band),
    );
  }
  return problems;
}

/** Whether storefront availability must be re-evaluated: ETAs (calendar, priority tags) or substitutes moved. */
export function availabilityInputsChanged(before: ShopSettings, after: ShopSettings): boolean {
  const inputs = (s: ShopSettings) =>
    JSON.stringify([s.holidays, s.weekend, s.substitutePriceBand, s.allocation.priorityTags]);
  return inputs(before) !== inputs(after);
}

/** Whether the open pools must be re-decided under new allocation rules. */
export function allocationRulesChanged(before: ShopSettings, after: ShopSettings): boolean {
  return JSON.stringify(before.allocation) !== JSON.stringify(after.allocation);
}

function defined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
