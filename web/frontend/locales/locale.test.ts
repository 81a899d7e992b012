import { afterEach, describe, expect, it } from "vitest";
import { formatDate, formatMoney, formatNumber, formatWeekday } from "./format";
import { detectLocale, pickLocale } from "./locale";
import { plural, setActiveLocale, t } from "./t";

afterEach(() => setActiveLocale("en"));

describe("pickLocale", () => {
  it.each([
    [["fr"], "fr"],
    [["fr-CA"], "fr"],
    [["pt-BR", "de-AT"], "de"],
    [[null, "", "es_MX"], "es"],
    [["ja"], "en"],
    [[], "en"],
  ] as const)("%j → %s", (candidates, locale) => {
    expect(pickLocale(candidates)).toBe(locale);
  });
});

describe("detectLocale", () => {
  const scope = (search: string, languages: string[], config?: object) =>
    ({ location: { search }, navigator: { languages }, shopify: config ? { config } : undefined }) as never;

  it("prefers the locale Shopify admin puts in the URL", () => {
    expect(detectLocale(scope("?shop=a&locale=de", ["fr"], { locale: "es" }), "fr")).toBe("de");
  });

  it("then App Bridge's config, then the shop's locale, then the browser", () => {
    expect(detectLocale(scope("", ["fr"], { locale: "es-ES" }), "de")).toBe("es");
    expect(detectLocale(scope("", ["fr"]), "de")).toBe("de");
    expect(detectLocale(scope("", ["xx", "fr-BE"]))).toBe("fr");
  });
});

describe("messages and formats in the active locale", () => {
  it("translates and fills placeholders", () => {
    setActiveLocale("fr");
    expect(t("backorders.units", { now: 2, waiting: 3 })).toBe("2 maintenant, 3 en attente");
    setActiveLocale("de");
    expect(t("nav.settings")).toBe("Einstellungen");
  });

  it("chooses plural forms by the locale's rules: French says one for 0", () => {
    setActiveLocale("en");
    expect(plural(0)).toBe("other");
    setActiveLocale("fr");
    expect(plural(0)).toBe("one");
    expect(plural(1_000_000)).toBe("other");
  });

  it("formats money exactly, from decimal strings or minor units", () => {
    setActiveLocale("fr");
    expect(formatMoney("1234.50", "EUR")).toBe("1\u202f234,50\u00a0€");
    expect(formatMoney(123450, "EUR", { minorUnits: true })).toBe("1\u202f234,50\u00a0€");
    expect(formatMoney("90071992547409.93", "EUR")).toBe("90\u202f071\u202f992\u202f547\u202f409,93\u00a0€");
    setActiveLocale("en");
    expect(formatMoney(-5, "USD", { minorUnits: true })).toBe("-$0.05");
    expect(formatMoney(1200, "JPY", { minorUnits: true })).toBe("¥1,200");
  });

  it("shows calendar dates as written, whatever the time zone", () => {
    setActiveLocale("de");
    expect(formatDate("2026-03-01")).toBe("01.03.2026");
    setActiveLocale("es");
    expect(formatWeekday(1)).toBe("lunes");
    expect(formatNumber(1234567)).toBe("1.234.567");
  });
});
