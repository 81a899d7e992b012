import { describe, expect, it } from "vitest";
import { isStorableText, makeTextStorable, storableText } from "./text.js";

describe("storable text", () => {
  it.each([
    ["plain", "Jo", true, "Jo"],
    ["emoji and other scripts", "😀 Grüße ‮ שלום", true, "😀 Grüße ‮ שלום"],
    ["a NUL", "a\u0000b", false, "a\ufffdb"],
    ["an unpaired high surrogate", "x\ud800", false, "x\ufffd"],
    ["an unpaired low surrogate", "\udc00x", false, "\ufffdx"],
    ["a high surrogate before a non-surrogate", "\ud83dx😀", false, "\ufffdx😀"],
    ["two NULs", "\u0000\u0000", false, "\ufffd\ufffd"],
  ])("%s", (_name, text, storable, replaced) => {
    expect(isStorableText(text)).toBe(storable);
    expect(storableText(text)).toBe(replaced);
  });

  it("makeTextStorable replaces in place in nested objects and arrays, and leaves other values alone", () => {
    const at = new Date(0);
    const value = { a: "\u0000", b: [{ c: "ok\ud800" }, 1, null], at, n: 5 };
    expect(makeTextStorable(value)).toEqual({ a: "\ufffd", b: [{ c: "ok\ufffd" }, 1, null], at, n: 5 });
    let deep: unknown = ["\u0000"];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => makeTextStorable(deep)).not.toThrow();
  });
});
