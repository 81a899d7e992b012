import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv-writer.js";

describe("csvCell", () => {
  it.each([
    ["plain text", "Trail Jacket", "Trail Jacket"],
    ["empty for null", null, ""],
    ["empty for undefined", undefined, ""],
    ["a number as it is", 42, "42"],
    ["a negative number stays a number", -3, "-3"],
    ["a comma quotes the field", "Red, large", '"Red, large"'],
    ["quotes are doubled", 'the "best"', '"the ""best"""'],
    ["a line break quotes the field", "a\nb", '"a\nb"'],
    ["= starts a formula", "=1+1", "'=1+1"],
    ["+ starts a formula", "+1 555 0100", "'+1 555 0100"],
    ["- starts a formula", "-2+3", "'-2+3"],
    ["@ starts a formula", "@SUM(A1)", "'@SUM(A1)"],
    ["a leading tab", "\tx", "'\tx"],
    ["a leading carriage return is quoted too", "\rx", `"'\rx"`],
    ["a formula with a comma", '=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ["= inside is harmless", "a=b", "a=b"],
  ])("%s", (_name, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("ends a row with CRLF", () => {
    expect(csvRow(["#1001", 2, null, "=x"])).toBe("#1001,2,,'=x\r\n");
  });
});
