import { resolveAllocationRules, type AllocationRules } from "../domain/backorder/index.js";
import { workCalendar, type CalendarDate, type Weekday } from "../domain/eta/index.js";
import { InvalidValueError } from "../domain/shared/errors.js";
import { assertBand, type PriceBand } from "../domain/substitution/index.js";
import { NotFoundError, ValidationError } from "../errors.js";
import type { ShopDomain, ShopRepository, ShopSettings } from "./ports.js";

/** A partial change of the shop's settings; `allocation` is merged field by field into the stored rules. */
export interface SettingsPatch {
  backorderTag?: string | undefined;
  shipTogether?: boolean | undefined;
  allocation?: Partial<AllocationRules> | undefined;
  holidays?: string[] | undefined;
  weekend?: number[] | undefined;
  substitutePriceBand?: PriceBand | null | undefined;
}

export interface ShopSettingsDeps {
  shops: Pick<ShopRepository, "get" | "updateSettings">;
  /** Told when a change moves ETAs or storefront availability (calendar, priority tags, price band): re-sync the shop. */
  onAvailabilitySettingsChanged?: ((shop: ShopDomain) => void) | undefined;
  /** Told when the allocation rules change: the engine re-decides the open pools under them. */
  onAllocationRulesChanged?: ((shop: ShopDomain) => void) | undefined;
}

/** What availability depends on: a change to any of these re-evaluates every governed variant. */
const AVAILABILITY_INPUTS = (s: ShopSettings) =>
  JSON.stringify([s.holidays, s.weekend, s.substitutePriceBand, s.allocation.priorityTags]);

/**
 * The merchant's settings: the engine's tag, ship-together and allocation rules, and availability's calendar and
 * substitute price band. A patch is checked whole, as it would be stored, with the rules the domain applies
 * (resolveAllocationRules, workCalendar, assertBand), and every problem is reported at once.
 */
export function createShopSettings(deps: ShopSettingsDeps) {
  async function get(shop: ShopDomain): Promise<ShopSettings> {
    const record = await deps.shops.get(shop);
    if (!record) throw new NotFoundError(`Shop ${shop} is not installed`);
    return record.settings;
  }

  async function update(shop: ShopDomain, patch: SettingsPatch): Promise<ShopSettings> {
    const current = await get(shop);
    const changes: Partial<ShopSettings> = {};
    if (patch.backorderTag !== undefined) changes.backorderTag = patch.backorderTag.trim();
    if (patch.shipTogether !== undefined) changes.shipTogether = patch.shipTogether;
    if (patch.allocation !== undefined)
      changes.allocation = { ...current.allocation, ...defined(patch.allocation) };
    // One entry per day, in calendar order: the admin shows them as a list.
    if (patch.holidays !== undefined) changes.holidays = [...new Set(patch.holidays)].sort();
    if (patch.weekend !== undefined) changes.weekend = [...new Set(patch.weekend)].sort((a, b) => a - b);
    if (patch.substitutePriceBand !== undefined) changes.substitutePriceBand = patch.substitutePriceBand;

    const next: ShopSettings = { ...current, ...changes };
    const problems = validate(next);
    if (problems.length > 0) {
      throw new ValidationError(
        `Invalid settings: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`,
        problems,
      );
    }
    const stored = (await deps.shops.updateSettings(shop, changes)).settings;
    if (AVAILABILITY_INPUTS(stored) !== AVAILABILITY_INPUTS(current))
      deps.onAvailabilitySettingsChanged?.(shop);
    if (JSON.stringify(stored.allocation) !== JSON.stringify(current.allocation))
      deps.onAllocationRulesChanged?.(shop);
    return stored;
  }

  return { get, update };
}

export type ShopSettingsAdmin = ReturnType<typeof createShopSettings>;

/** Each domain check names its field; they are renamed to the settings' own paths. */
function validate(settings: ShopSettings): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
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
  if (settings.substitutePriceBand) {
    const band = settings.substitutePriceBand;
    check(
      (f) => f.replace(/^priceBand\./, "substitutePriceBand."),
      () => assertBand(band),
    );
  }
  return problems;
}

function defined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
