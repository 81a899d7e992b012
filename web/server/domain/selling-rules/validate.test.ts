import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../eta/index.js";
import type { ProductVariantGid } from "../shared/gid.js";
import { InvalidValueError } from "../shared/errors.js";
import { SETTINGS, rule, variantId } from "./test-fixtures.js";
import type { SellingRule, SellingRuleSettings } from "./types.js";
import { assertValidSellingRule, validateSellingRule } from "./validate.js";

const withSettings = (settings: Partial<SellingRuleSettings>): SellingRule =>
  rule("r", { kind: "shop" }, { settings: { ...SETTINGS, ...settings } });

describe("validateSellingRule", () => {
  it.each<[string, SellingRule, string[]]>([
    ["a valid variant rule", rule("r", { kind: "variant", variantId: variantId(1) }), []],
    [
      "a valid fixed window and lead time",
      withSettings({
        etaSource: { kind: "fixed", from: "2026-12-03" as CalendarDate, to: "2026-12-05" as CalendarDate },
      }),
      [],
    ],
    [
      "a product GID given for a variant",
      rule("r", { kind: "variant", variantId: "gid://shopify/Product/1" as ProductVariantGid }),
      ["scope.variantId"],
    ],
    ["an empty tag", rule("r", { kind: "tag", tag: "  " }), ["scope.tag"]],
    ["an empty id and a negative priority", rule("", { kind: "shop" }, { priority: -1 }), ["id", "priority"]],
    [
      "an update time without a zone",
      rule("r", { kind: "shop" }, { updatedAt: "2026-11-01T10:00:00" }),
      ["updatedAt"],
    ],
    ["a fractional cap", withSettings({ cap: 2.5 }), ["settings.cap"]],
    [
      "a negative handling time and a huge max lead time",
      withSettings({ handlingDays: -1, maxLeadTimeDays: 1000 }),
      ["settings.handlingDays", "settings.maxLeadTimeDays"],
    ],
    [
      "a window ending before it starts",
      withSettings({
        etaSource: { kind: "fixed", from: "2026-12-05" as CalendarDate, to: "2026-12-03" as CalendarDate },
      }),
      ["settings.etaSource.to"],
    ],
    [
      "a date that does not exist",
      withSettings({
        etaSource: { kind: "fixed", from: "2026-02-30" as CalendarDate, to: "2026-03-01" as CalendarDate },
      }),
      ["settings.etaSource.from"],
    ],
    [
      "a lead time whose max is below its min",
      withSettings({ etaSource: { kind: "lead_time", minBusinessDays: 10, maxBusinessDays: 5 } }),
      ["settings.etaSource.maxBusinessDays"],
    ],
  ])("%s", (_name, given, fields) => {
    expect(validateSellingRule(given).map((p) => p.field)).toEqual(fields);
  });

  it("assertValidSellingRule throws one error naming every problem", () => {
    const bad = rule("", { kind: "shop" }, { priority: -1 });
    expect(() => assertValidSellingRule(bad)).toThrow(InvalidValueError);
    expect(() => assertValidSellingRule(bad)).toThrow(/id: .*; priority: /);
  });
});
