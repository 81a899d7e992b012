import { describe, expect, it } from "vitest";
import { DEFAULT_CARE_SETTINGS, mergeCareSettings, parseCareSettings } from "./settings.js";

describe("care settings", () => {
  it("defaults: incentive off, US rules, ask me", () => {
    expect(DEFAULT_CARE_SETTINGS.incentive.enabled).toBe(false);
    expect(DEFAULT_CARE_SETTINGS.law).toEqual({ jurisdictions: ["US"], mode: "ask_me", transitDays: 0 });
  });

  it.each([
    [{ brandColor: "red" }, /brandColor/],
    [{ law: { jurisdictions: ["US", "US"] } }, /each at most once/],
    [{ law: { jurisdictions: ["CA"] } }, /unknown CA/],
    [{ incentive: { percentage: 0 } }, /percentage/],
    [{ linkValidityDays: 0 }, /linkValidityDays/],
  ])("refuses %j", (patch, problem) => {
    const merged = mergeCareSettings(DEFAULT_CARE_SETTINGS, patch as never);
    expect(merged.ok).toBe(false);
    if (!merged.ok) expect(merged.problems.join("; ")).toMatch(problem);
  });

  it("merges key by key", () => {
    const merged = mergeCareSettings(DEFAULT_CARE_SETTINGS, {
      messages: { ready: false },
      law: { mode: "automatic" },
    });
    expect(merged).toMatchObject({
      ok: true,
      settings: {
        messages: { ready: false, delay: true },
        law: { mode: "automatic", jurisdictions: ["US"] },
      },
    });
  });

  it("reads broken stored settings as the defaults", () => {
    expect(parseCareSettings({ brandColor: 3 })).toEqual(DEFAULT_CARE_SETTINGS);
    expect(parseCareSettings(null)).toEqual(DEFAULT_CARE_SETTINGS);
  });
});
