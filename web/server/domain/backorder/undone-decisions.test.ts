import { describe, expect, it } from "vitest";
import { transition } from "./line-state.js";
import { JOB, at, line } from "./test-fixtures.js";
import type { BackorderLine, LineEvent, LineHistoryEntry } from "./types.js";
import { withoutUndoneDecisions } from "./undone-decisions.js";

/** The entries of a line going through `events` (as the engine's steps write them). */
function walk(start: BackorderLine, events: LineEvent[]): LineHistoryEntry[] {
  let current = start;
  return events.map((event, i) => {
    const result = transition(current, event, at(i), { ...JOB, ref: `e${i}` });
    if (!result.ok || !result.entry) throw new Error(`event ${i} did not apply`);
    current = result.line;
    return result.entry;
  });
}

const refs = (entries: readonly LineHistoryEntry[]) =>
  entries.map((e) => `${e.lineItemId.split("/").pop()}:${e.cause.ref}`);
const decide = (inStock: number, allocated: number): LineEvent => ({ type: "decide", inStock, allocated });
/** A line whose units ship after it waited once (the boundary line of a flash sale after its first flip). */
const shipping = line({ id: 1, qty: 2, status: "allocated", inStock: 2 });

describe("withoutUndoneDecisions", () => {
  it.each([
    { name: "a decision and the one that undoes it", events: [decide(1, 0), decide(2, 0)], kept: [] },
    {
      name: "only the pair: the line then moves on",
      events: [decide(1, 0), decide(2, 0), decide(0, 0)],
      kept: ["1:e2"],
    },
    {
      name: "nested pairs, like brackets",
      events: [decide(1, 0), decide(0, 0), decide(1, 0), decide(2, 0)],
      kept: [],
    },
    {
      name: "anything but a decision stands between, and is never dropped",
      events: [
        decide(1, 0),
        { type: "note", note: "confirmation_sent", detail: null } as const,
        decide(2, 0),
      ],
      kept: ["1:e0", "1:e1", "1:e2"],
    },
  ])("$name", ({ events, kept }) => {
    expect(refs(withoutUndoneDecisions(walk(shipping, events)))).toEqual(kept);
  });

  it("keeps a decision back to the same units but not the same status (in stock → waiting → allocated)", () => {
    const inStock = line({ id: 4, qty: 2, status: "in_stock", inStock: 2 });
    const entries = walk(inStock, [decide(1, 0), decide(2, 0)]);
    expect(entries.map((e) => e.to)).toEqual(["backordered", "allocated"]);
    expect(refs(withoutUndoneDecisions(entries))).toEqual(["4:e0", "4:e1"]);
  });

  it("keeps a pair that counted a partial reservation (the line does not end as it began)", () => {
    const waiting = line({ id: 2, qty: 3, status: "backordered" });
    const entries = walk(waiting, [decide(0, 1), decide(0, 0)]);
    expect(refs(withoutUndoneDecisions(entries))).toEqual(["2:e0", "2:e1"]);
  });

  it("pairs decisions of the same line only, whatever comes between, and keeps the order of the rest", () => {
    const other = line({ id: 3, qty: 1, status: "in_stock", inStock: 1 });
    const [a1, a2] = walk(shipping, [decide(1, 0), decide(2, 0)]);
    const [b1] = walk(other, [decide(0, 0)]);
    expect(refs(withoutUndoneDecisions([a1!, b1!, a2!]))).toEqual(["3:e0"]);
    expect(refs(withoutUndoneDecisions([b1!, a1!]))).toEqual(["3:e0", "1:e0"]);
  });
});
