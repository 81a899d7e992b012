import { describe, expect, it } from "vitest";
import { restTime } from "./format.js";

describe("restTime", () => {
  it("formats in the shop's zone with its offset, on each side of a DST change and within the same minute", () => {
    const zone = "America/New_York";
    // 2026-03-08 02:00 EST becomes 03:00 EDT (07:00 UTC); 2026-11-01 02:00 EDT becomes 01:00 EST (06:00 UTC).
    expect(restTime(new Date("2026-03-08T06:59:59.999Z"), zone)).toBe("2026-03-08T01:59:59-05:00");
    expect(restTime(new Date("2026-03-08T07:00:00.000Z"), zone)).toBe("2026-03-08T03:00:00-04:00");
    expect(restTime(new Date("2026-03-08T06:59:00.000Z"), zone)).toBe("2026-03-08T01:59:00-05:00");
    expect(restTime(new Date("2026-11-01T05:59:30Z"), zone)).toBe("2026-11-01T01:59:30-04:00");
    expect(restTime(new Date("2026-11-01T06:00:30Z"), zone)).toBe("2026-11-01T01:00:30-05:00");
    expect(restTime(new Date("2026-11-01T05:59:45Z"), zone)).toBe("2026-11-01T01:59:45-04:00");
    expect(restTime(new Date("2026-07-10T16:15:47.123Z"), "Asia/Kathmandu")).toBe(
      "2026-07-10T22:00:47+05:45",
    );
    expect(restTime(new Date("2026-07-10T16:15:47Z"), "UTC")).toBe("2026-07-10T16:15:47+00:00");
  });

  it("computes each time of a minute whose offset changes within it", () => {
    // Europe/Dublin left its summer time (+00:34:39) for GMT at 02:25:21 UTC on 1 October 1916: that minute has two
    // offsets, and each side keeps its own.
    const zone = "Europe/Dublin";
    const before = restTime(new Date("1916-10-01T02:25:00Z"), zone);
    const after = restTime(new Date("1916-10-01T02:25:30Z"), zone);
    expect(before).toBe("1916-10-01T02:59:00+00:34");
    expect(after).toBe("1916-10-01T02:25:30+00:00");
  });
});
