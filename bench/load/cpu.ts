/**
 * CPU time of a load run's processes over a window (Linux /proc; empty elsewhere): each process the benchmark
 * started, and PostgreSQL's backends of the run's database together, sampled every 250 ms so that a backend that
 * exits within the window (a pool's idle connection closed) keeps what it used up to its last sample. What tells
 * whether more processes do more work per order.
 */
import { cpuSeconds } from "./processes.js";
import { round, type Probe } from "./sale-probe.js";

export interface CpuMeter {
  /**
   * CPU seconds used since the meter was opened, by process label, "postgres" for the backends; and the database's
   * transactions meanwhile (pg_stat_database: each statement outside a transaction is one; PostgreSQL only).
   */
  used(): Promise<{ cpuSeconds: Record<string, number>; transactions: number | null }>;
}

const SAMPLE_MS = 250;

export async function cpuMeter(
  probe: Probe,
  processes: { label: string; pid: number | undefined }[],
): Promise<CpuMeter> {
  const backends = async () =>
    (
      await probe
        .rows<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        )
        .catch(() => [])
    ).map((r) => r.pid);
  const start = new Map(processes.map((p) => [p.label, cpuSeconds(p.pid)]));
  /** Each backend's CPU seconds when first seen (0 if opened within the window) and at its last sample. */
  const seen = new Map<number, { first: number; last: number }>();
  const sample = async (opening: boolean) => {
    for (const pid of await backends()) {
      const seconds = cpuSeconds(pid);
      if (seconds === null) continue;
      const known = seen.get(pid);
      if (known) known.last = seconds;
      else seen.set(pid, { first: opening ? seconds : 0, last: seconds });
    }
  };
  const transactions = async () => {
    const [row] = await probe
      .rows<{ n: string }>(
        `SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`,
      )
      .catch(() => []);
    return row ? Number(row.n) : null;
  };
  const transactionsBefore = await transactions();
  await sample(true);
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(() => sample(false));
  }, SAMPLE_MS);
  return {
    async used() {
      clearInterval(timer);
      await sampling;
      await sample(false);
      const result: Record<string, number> = {};
      for (const { label, pid } of processes) {
        const before = start.get(label);
        const now = cpuSeconds(pid);
        if (now !== null && before !== null && before !== undefined) result[label] = round(now - before);
      }
      if (seen.size > 0)
        result.postgres = round([...seen.values()].reduce((t, b) => t + b.last - b.first, 0));
      // The statistics of a backend reach pg_stat_database within a second of its transactions.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const transactionsAfter = await transactions();
      return {
        cpuSeconds: result,
        transactions:
          transactionsBefore === null || transactionsAfter === null
            ? null
            : transactionsAfter - transactionsBefore,
      };
    },
  };
}
