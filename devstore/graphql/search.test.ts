import { describe, expect, it } from "vitest";
import { compileSearch, type SearchSpec } from "./search.js";

interface Row {
  id: number;
  name: string;
  tags: string[];
  updatedAt: Date;
  total: number;
}

const ROWS: Row[] = [
  { id: 1, name: "#1001", tags: ["backorder"], updatedAt: new Date("2026-03-01T10:00:00Z"), total: 10 },
  { id: 2, name: "#1002", tags: [], updatedAt: new Date("2026-03-02T10:00:00Z"), total: 25 },
  {
    id: 3,
    name: "#1003",
    tags: ["Backorder", "vip"],
    updatedAt: new Date("2026-03-03T10:00:00Z"),
    total: 40,
  },
];

const SPEC: SearchSpec<Row> = {
  text: (r) => r.name,
  fields: {
    name: { kind: "string", get: (r) => r.name },
    tag: { kind: "tags", get: (r) => r.tags },
    updated_at: { kind: "date", get: (r) => r.updatedAt },
    total: { kind: "number", get: (r) => r.total },
  },
};

function ids(query: string): number[] {
  const { predicate } = compileSearch(query, SPEC);
  return ROWS.filter((r) => !predicate || predicate(r)).map((r) => r.id);
}

describe("search syntax", () => {
  it.each([
    ["", [1, 2, 3]],
    ["tag:backorder", [1, 3]],
    ["tag:BACKORDER", [1, 3]],
    ["-tag:backorder", [2]],
    ["NOT tag:vip", [1, 2]],
    ["tag:backorder tag:vip", [3]],
    ["tag:backorder AND -tag:vip", [1]],
    ["tag:vip OR name:#1002", [2, 3]],
    ["tag:*", [1, 3]],
    ["updated_at:>2026-03-01", [2, 3]],
    ["updated_at:>=2026-03-02", [2, 3]],
    ["updated_at:<2026-03-02", [1]],
    ["updated_at:2026-03-02", [2]],
    ["updated_at:>'2026-03-02T10:00:00Z'", [3]],
    ['updated_at:<="2026-03-02T10:00:00Z"', [1, 2]],
    ["total:>20", [2, 3]],
    ["total:<=25", [1, 2]],
    ["name:#100*", [1, 2, 3]],
    ["1003", [3]],
    ["(tag:vip)", [3]],
  ])("%j matches %j", (query, expected) => {
    expect(ids(query)).toEqual(expected);
  });

  it("ignores unknown fields with Shopify's warning", () => {
    const { predicate, warnings } = compileSearch("colour:red tag:vip", SPEC);
    expect(warnings).toEqual([{ field: "colour", message: "Invalid search field for this query." }]);
    expect(ROWS.filter((r) => predicate!(r)).map((r) => r.id)).toEqual([3]);
    expect(compileSearch("toString:x", SPEC).warnings).toHaveLength(1);
  });
});
