import { describe, expect, it } from "vitest";
import {
  DEFAULT_SHOP_SETTINGS,
  allocationRulesChanged,
  availabilityInputsChanged,
  settingsChanges,
  validateShopSettings,
  withSettingsDefaults,
  type SettingsPatch,
  type ShopSettings,
} from "./index.js";

const base: ShopSettings = DEFAULT_SHOP_SETTINGS;
const next = (patch: SettingsPatch): ShopSettings => ({ ...base, ...settingsChanges(base, patch) });

describe("settingsChanges", () => {
  it.each<[string, SettingsPatch, Partial<ShopSettings>]>([
    ["nothing for an empty patch", {}, {}],
    ["the tag trimmed", { backorderTag: "  pre-order " }, { backorderTag: "pre-order" }],
    [
      "allocation merged field by field into the current rules",
      { allocation: { partial: "never", minPartialUnits: undefined } },
      { allocation: { ...base.allocation, partial: "never" } },
    ],
    [
      "holidays once each, in calendar order",
      { holidays: ["2026-12-26", "2026-12-25", "2026-12-26"] },
      { holidays: ["2026-12-25", "2026-12-26"] },
    ],
    ["weekend days once each, ascending", { weekend: [7, 5, 7] }, { weekend: [5, 7] }],
    ["null clears the price band", { substitutePriceBand: null }, { substitutePriceBand: null }],
  ])("%s", (_name, patch, expected) => {
    expect(settingsChanges(base, patch)).toEqual(expected);
  });
});

describe("validateShopSettings", () => {
  it.each<[string, SettingsPatch, { field: string }[]]>([
    ["the defaults are valid", {}, []],
    ["an empty tag", { backorderTag: " " }, [{ field: "backorderTag" }]],
    ["a week with no working day", { weekend: [1, 2, 3, 4, 5, 6, 7] }, [{ field: "weekend" }]],
    [
      "an empty priority tag",
      { allocation: { priorityTags: ["vip", " "] } },
      [{ field: "allocation.priorityTags" }],
    ],
    [
      "every problem at once, by the settings' own paths",
      { backorderTag: "", substitutePriceBand: { belowPercent: 101, abovePercent: 0 } },
      [{ field: "backorderTag" }, { field: "substitutePriceBand.belowPercent" }],
    ],
  ])("%s", (_name, patch, problems) => {
    expect(validateShopSettings(next(patch))).toMatchObject(problems);
  });
});

describe("what a change affects", () => {
  it.each<[string, SettingsPatch, { availability: boolean; allocation: boolean }]>([
    ["the tag: neither", { backorderTag: "later" }, { availability: false, allocation: false }],
    ["the calendar: availability", { holidays: ["2026-12-25"] }, { availability: true, allocation: false }],
    [
      "the price band: availability",
      { substitutePriceBand: null },
      { availability: false, allocation: false },
    ],
    [
      "partial rules: allocation",
      { allocation: { partial: "never" } },
      { availability: false, allocation: true },
    ],
    [
      "priority tags: both",
      { allocation: { priorityTags: ["vip"] } },
      { availability: true, allocation: true },
    ],
  ])("%s", (_name, patch, expected) => {
    const after = next(patch);
    expect({
      availability: availabilityInputsChanged(base, after),
      allocation: allocationRulesChanged(base, after),
    }).toEqual(expected);
  });
});

describe("withSettingsDefaults", () => {
  it("fills every field an older stored version lacks, allocation field by field", () => {
    expect(withSettingsDefaults({ backorderTag: "bo", allocation: { partial: "never" } as never })).toEqual({
      ...DEFAULT_SHOP_SETTINGS,
      backorderTag: "bo",
      allocation: { ...DEFAULT_SHOP_SETTINGS.allocation, partial: "never" },
    });
    expect(withSettingsDefaults(null)).toEqual(DEFAULT_SHOP_SETTINGS);
  });
});
