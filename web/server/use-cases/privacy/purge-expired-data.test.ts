import { describe, expect, it } from "vitest";
import { createRetentionJob } from "../../jobs/retention.js";
import { createPurgeExpiredData, retentionCutoff } from "./purge-expired-data.js";

const NOW = new Date(Date.UTC(2026, 11, 7, 8, 0, 0));

describe("retentionCutoff", () => {
  it.each([
    [30, "2026-11-07T08:00:00.000Z"],
    [1, "2026-12-06T08:00:00.000Z"],
    [365, "2025-12-07T08:00:00.000Z"],
  ])("%i days before now", (days, expected) => {
    expect(retentionCutoff(NOW, days).toISOString()).toBe(expected);
  });
});

describe("purgeExpiredData", () => {
  it("passes each window's cut-off to its repository and reports the counts", async () => {
    const calls: Record<string, Date> = {};
    const purge = createPurgeExpiredData({
      inbox: { purgePayloads: async (before) => ((calls.inbox = before), 3) },
      exports: { deleteCreatedBefore: async (before) => ((calls.exports = before), 2) },
      clock: { now: () => NOW },
      policy: { inboxDays: 30, exportDays: 7 },
    });
    expect(await purge()).toEqual({ inboxPayloadsPurged: 3, exportsDeleted: 2 });
    expect(calls.inbox).toEqual(retentionCutoff(NOW, 30));
    expect(calls.exports).toEqual(retentionCutoff(NOW, 7));
  });
});

describe("retention job", () => {
  it("runs once at start, logs a failure instead of throwing, and stops", async () => {
    let runs = 0;
    const errors: string[] = [];
    const job = createRetentionJob({
      purge: async () => {
        runs += 1;
        if (runs === 2) throw new Error("db down");
        return { inboxPayloadsPurged: 0, exportsDeleted: 0 };
      },
      logger: { debug() {}, info() {}, warn() {}, error: (msg) => errors.push(msg) },
      intervalMs: 3_600_000,
    });
    job.start();
    await job.stop();
    expect(runs).toBe(1);
    expect(await job.runOnce()).toBeNull();
    expect(errors).toEqual(["retention purge failed"]);
    expect(await job.runOnce()).toEqual({ inboxPayloadsPurged: 0, exportsDeleted: 0 });
  });
});
