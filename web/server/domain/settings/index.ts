/** The shop's settings, pure: their shape, defaults, normalisation and validation, and what a change affects. */
export { DEFAULT_SHOP_SETTINGS, SETTINGS_LIMITS, type SettingsPatch, type ShopSettings } from "./shape.js";
export {
  allocationRulesChanged,
  availabilityInputsChanged,
  settingsChanges,
  validateShopSettings,
  withSettingsDefaults,
  type SettingsProblem,
} from "./shop-settings.js";
