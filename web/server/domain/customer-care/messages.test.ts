import { describe, expect, it } from "vitest";
import type { CalendarDate, Eta } from "../eta/index.js";
import { eventKeys, etaText, messageLocale, moneyText } from "./messages.js";

const d = (v: string) => v as CalendarDate;

describe("messageLocale", () => {
  it.each([
    ["fr", "fr"],
    ["fr-CA", "fr"],
    ["de_CH", "de"],
    ["ES", "es"],
    ["it", "en"],
    [null, "en"],
    ["", "en"],
  ])("%s → %s", (given, expected) => {
    expect(messageLocale(given)).toBe(expected);
  });
});

describe("etaText", () => {
  const exact: Eta = { kind: "date", date: d("2026-12-15"), source: "incoming" };
  const range: Eta = { kind: "range", from: d("2026-12-03"), to: d("2026-12-05"), source: "supplier_feed" };
  const unknown: Eta = { kind: "unknown", reason: "no_schedule" };
  it.each([
    [exact, "en", "Ships around 15 Dec 2026"],
    [exact, "fr", "Expédition vers le 15 déc. 2026"],
    [exact, "de", "Versand um den 15. Dez. 2026"],
    [exact, "es", "Se envía hacia el 15 dic 2026"],
    [range, "en", "Ships between 3 Dec 2026 and 5 Dec 2026"],
    [unknown, "de", "Versand sobald wieder vorrätig"],
  ] as const)("%j in %s", (eta, locale, text) => {
    expect(etaText(eta, locale)).toBe(text);
  });
});

describe("eventKeys", () => {
  it("a delay notice is one per line and announced date", () => {
    const a: Eta = { kind: "date", date: d("2026-12-15"), source: "incoming" };
    const b: Eta = { kind: "range", from: d("2026-12-15"), to: d("2026-12-17"), source: "incoming" };
    expect(eventKeys.delay("L1", a)).toBe("delay:L1:2026-12-15");
    expect(eventKeys.delay("L1", b)).toBe("delay:L1:2026-12-15..2026-12-17");
    expect(eventKeys.delay("L1", a)).not.toBe(eventKeys.delay("L2", a));
  });
});

describe("moneyText", () => {
  it.each([
    ["188.0", "USD", "188.00 USD"],
    ["7", "EUR", "7.00 EUR"],
    ["12.5", "GBP", "12.50 GBP"],
    ["-3.25", "USD", "-3.25 USD"],
  ])("%s %s", (amount, currency, text) => {
    expect(moneyText(amount, currency)).toBe(text);
  });
});
