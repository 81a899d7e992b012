/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { catalogs, LOCALES } from "./catalogs";
import { en } from "./en/index";
import { compareCatalogs, leaves, placeholders } from "./parity";

const files = Object.keys(import.meta.glob("./*/*.json"));
const namespacesOn = (locale: string) =>
  files
    .filter((file) => file.startsWith(`./${locale}/`))
    .map((file) => file.slice(`./${locale}/`.length, -".json".length))
    .sort();

describe("locale catalogues", () => {
  it("the typed English index lists every English namespace file", () => {
    expect(Object.keys(en).sort()).toEqual(namespacesOn("en"));
  });

  for (const locale of LOCALES.filter((l) => l !== "en")) {
    it(`${locale} has the same namespaces as English`, () => {
      expect(namespacesOn(locale)).toEqual(namespacesOn("en"));
    });

    it(`${locale} has every English key, no other, with the same placeholders`, () => {
      expect(compareCatalogs(en, catalogs[locale])).toEqual([]);
    });

    it(`${locale} is translated, not copied from English`, () => {
      const translated = leaves(catalogs[locale]);
      const pairs = [...leaves(en)].map(([key, message]) => [message, translated.get(key)]);
      const same = pairs.filter(([message, other]) => message === other).length;
      // Some words are the same in both (product names, "Status" in French); most are not.
      expect(same / pairs.length).toBeLessThan(0.1);
    });
  }
});

describe("compareCatalogs", () => {
  const reference = { page: { title: "Title", count: { one: "{count} line", other: "{count} lines" } } };

  it("accepts a catalogue with the same keys and placeholders", () => {
    const fr = { page: { title: "Titre", count: { one: "{count} ligne", other: "{count} lignes" } } };
    expect(compareCatalogs(reference, fr)).toEqual([]);
  });

  it("names missing keys, extra keys, empty messages and changed placeholders", () => {
    const broken = { page: { title: " ", count: { other: "{n} lignes" }, typo: "x" } };
    expect(compareCatalogs(reference, broken)).toEqual([
      { key: "page.title", problem: "empty" },
      { key: "page.count.one", problem: "missing" },
      { key: "page.count.other", problem: "placeholders differ", detail: "{count} vs {n}" },
      { key: "page.typo", problem: "extra" },
    ]);
  });

  it("reads each placeholder once, in order", () => {
    expect(placeholders("{b} and {a}, again {b}")).toEqual(["a", "b"]);
  });
});
