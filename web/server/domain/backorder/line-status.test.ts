import { describe, expect, it } from "vitest";
import { isLineStatus, LINE_STATUSES, TERMINAL_STATUSES } from "./index.js";

describe("line statuses", () => {
  it("lists every status once, the terminal ones among them", () => {
    expect([...LINE_STATUSES].sort()).toEqual(
      [
        "allocated",
        "backordered",
        "cancelled",
        "fulfilled",
        "in_stock",
        "new",
        "partially_allocated",
        "released",
        "substituted",
      ].sort(),
    );
    for (const s of TERMINAL_STATUSES) expect(LINE_STATUSES).toContain(s);
  });

  it.each([
    ["backordered", true],
    ["released", true],
    ["Backordered", false],
    ["", false],
    ["toString", false],
    ["__proto__", false],
  ])("isLineStatus(%j) is %s", (value, expected) => {
    expect(isLineStatus(value)).toBe(expected);
  });
});
