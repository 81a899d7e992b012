import {
  DEFAULT_SHOP_SETTINGS,
  allocationRulesChanged,
  availabilityInputsChanged,
  settingsChanges,
  validateShopSettings,
  type SettingsPatch,
  type ShopSettings,
} from "../domain/settings/index.js";
import { NotFoundError, ValidationError } from "../errors.js";
import type { ShopDomain, ShopRepository } from "./ports.js";

export type { SettingsPatch } from "../domain/settings/index.js";

/**
 * The shop's settings as every use case reads them: the defaults for a shop not (or no longer) installed. The one
 * place that falls back to DEFAULT_SHOP_SETTINGS.
 */
export async function shopSettingsOf(
  shops: Pick<ShopRepository, "get">,
  shop: ShopDomain,
): Promise<ShopSettings> {
  return settingsOfRecord(await shops.get(shop));
}

/** The settings of a shop record already read (`shops.get`), as shopSettingsOf gives them. */
export function settingsOfRecord(record: { settings: ShopSettings } | null | undefined): ShopSettings {
  return record?.settings ?? DEFAULT_SHOP_SETTINGS;
}

export interface ShopSettingsDeps {
  shops: Pick<ShopRepository, "get" | "updateSettings">;
  /** Told when a change moves ETAs or storefront availability (calendar, priority tags, price band): re-sync the shop. */
  onAvailabilitySettingsChanged?: ((shop: ShopDomain) => void) | undefined;
  /** Told when the allocation rules change: the engine re-decides the open pools under them. */
  onAllocationRulesChanged?: ((shop: ShopDomain) => void) | undefined;
}

/**
 * The merchant reads and changes the settings (domain/settings). A patch is checked whole, as it would be stored,
 * and every problem is reported at once.
 */
export function createShopSettings(deps: ShopSettingsDeps) {
  async function get(shop: ShopDomain): Promise<ShopSettings> {
    const record = await deps.shops.get(shop);
    if (!record) throw new NotFoundError(`Shop ${shop} is not installed`);
    return record.settings;
  }

  async function update(shop: ShopDomain, patch: SettingsPatch): Promise<ShopSettings> {
    const current = await get(shop);
    const changes = settingsChanges(current, patch);
    const problems = validateShopSettings({ ...current, ...changes });
    if (problems.length > 0) {
      throw new ValidationError(
        `Invalid settings: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`,
        problems,
      );
    }
    const stored = (await deps.shops.updateSettings(shop, changes)).settings;
    if (availabilityInputsChanged(current, stored)) deps.onAvailabilitySettingsChanged?.(shop);
    if (allocationRulesChanged(current, stored)) deps.onAllocationRulesChanged?.(shop);
    return stored;
  }

  return { get, update };
}

export type ShopSettingsAdmin = ReturnType<typeof createShopSettings>;
