/**
 * The backorder engine's pure functions at scale: `npx tsx bench/allocation.bench.ts [--lines 100000]`.
 *
 * - detection: 100,000 new order lines over 1,000 variants, stock for about 40% of the demand;
 * - allocation: the same 100,000 lines all waiting, then a restock for about 60% of them, with priority tags
 *   (VIP, wholesale), complete-lines-first and a minimum partial quantity.
 *
 * Each is timed as the median of several runs, and beside it a naive implementation that re-scans every line for
 * every line (O(n²)), measured in the same process on a smaller set (the naive one would take minutes on 100,000).
 * Ends with one JSON line on stdout, for BENCHMARKS.md.
 */
import {
  applyDecision,
  decideBackorders,
  newLine,
  type AllocationRules,
  type BackorderLine,
  type StockLevel,
} from "../web/server/domain/backorder/index.js";
import { toGid } from "../web/server/domain/shared/gid.js";

const LINES = Number(argValue("--lines") ?? 100_000);
const VARIANTS = 1_000;
const NAIVE_LINES = 10_000;
const RUNS = 7;
const RULES: Partial<AllocationRules> = {
  priorityTags: ["VIP", "wholesale"],
  completeLinesFirst: true,
  minPartialUnits: 2,
};
const T0 = Date.UTC(2024, 0, 1);
const CAUSE = { kind: "job", ref: "bench" } as const;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

/** Seeded, so every run measures the same data (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Dataset {
  lines: BackorderLine[];
  demand: Map<number, number>;
}

function dataset(count: number, variants: number): Dataset {
  const rand = random(42);
  const lines: BackorderLine[] = [];
  const demand = new Map<number, number>();
  let order = 1_000_000_000_000;
  let lineId = 9_000_000_000_000;
  while (lines.length < count) {
    order += 1;
    const perOrder = 1 + Math.floor(rand() * 3);
    const tagRoll = rand();
    const tags = tagRoll < 0.1 ? ["VIP"] : tagRoll < 0.15 ? ["Wholesale", "net30"] : ["online"];
    // Many orders share a second: the tie-break on order id is exercised.
    // Dates, as the restock job loads them from the database (ISO strings from a webhook work too, a little slower).
    const createdAt = new Date(T0 + Math.floor(order % 1_000_000) * 500);
    for (let i = 0; i < perOrder && lines.length < count; i++) {
      const variant = 1 + Math.floor(rand() * variants);
      const quantity = 1 + Math.floor(rand() * 3);
      demand.set(variant, (demand.get(variant) ?? 0) + quantity);
      lines.push(
        newLine({
          lineItemId: toGid("LineItem", String((lineId += 1))),
          orderId: toGid("Order", String(order)),
          orderCreatedAt: createdAt,
          variantId: toGid("ProductVariant", String(variant)),
          inventoryItemId: toGid("InventoryItem", String(variant)),
          locationId: toGid("Location", "1"),
          tracked: true,
          quantity,
          tags,
        }),
      );
    }
  }
  return { lines, demand };
}

/** Levels whose `asOf` precedes every order, so `available` is the units the lines share. */
function stock(demand: Map<number, number>, share: number): StockLevel[] {
  return [...demand].map(([variant, units]) => ({
    inventoryItemId: toGid("InventoryItem", String(variant)),
    locationId: toGid("Location", "1"),
    available: Math.floor(units * share),
    asOf: new Date(T0 - 86_400_000).toISOString(),
  }));
}

function settle(lines: BackorderLine[], levels: StockLevel[]): BackorderLine[] {
  const decision = decideBackorders({ stock: levels, lines, rules: RULES });
  return lines.map((line, i) => {
    const result = applyDecision(line, decision.lines[i]!, new Date(T0), CAUSE);
    if (!result.ok) throw result.error;
    return result.line;
  });
}

// ------------------------------------------------------------------ naive baselines (O(n²) re-scans)

/**
 * For each line, re-scan every line to add up what the earlier lines of its pool asked for. Keys are precomputed,
 * so what is measured is the O(n²) re-scan itself, not string handling.
 */
function naiveDetect(lines: BackorderLine[], levels: StockLevel[]): number[] {
  const supply = new Map(levels.map((l) => [l.inventoryItemId as string, l.available]));
  const pool = lines.map((l) => l.inventoryItemId as string);
  const key = lines.map(
    (l) =>
      [
        (l.orderCreatedAt as Date).getTime(),
        BigInt(numeric(l.orderId)),
        BigInt(numeric(l.lineItemId)),
      ] as const,
  );
  const earlier = (j: number, i: number) => {
    const a = key[j]!;
    const b = key[i]!;
    return a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])));
  };
  const shipNow = new Array<number>(lines.length).fill(0);
  for (let i = 0; i < lines.length; i++) {
    let before = 0;
    for (let j = 0; j < lines.length; j++) {
      if (pool[j] === pool[i] && j !== i && earlier(j, i)) before += lines[j]!.quantity;
    }
    shipNow[i] = Math.min(lines[i]!.quantity, Math.max(0, (supply.get(pool[i]!) ?? 0) - before));
  }
  return shipNow;
}

/** Repeatedly re-scan every waiting line for the best one that stock can serve, until none can. */
function naiveAllocate(lines: BackorderLine[], levels: StockLevel[]): number[] {
  const free = new Map(levels.map((l) => [l.inventoryItemId as string, l.available]));
  for (const l of lines)
    free.set(l.inventoryItemId, (free.get(l.inventoryItemId) ?? 0) - l.inStock - l.allocated);
  const rank = (l: BackorderLine) => (l.tags.includes("VIP") ? 0 : l.tags.includes("Wholesale") ? 1 : 2);
  const granted = new Array<number>(lines.length).fill(0);
  const done = new Array<boolean>(lines.length).fill(false);
  for (;;) {
    let best = -1;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      const waiting = l.quantity - l.inStock - l.allocated;
      if (done[i] || waiting === 0 || (free.get(l.inventoryItemId) ?? 0) < waiting) continue;
      const b = lines[best];
      if (
        !b ||
        rank(l) < rank(b) ||
        (rank(l) === rank(b) && (l.orderCreatedAt as Date).getTime() < (b.orderCreatedAt as Date).getTime())
      )
        best = i;
    }
    if (best === -1) break;
    const l = lines[best]!;
    const waiting = l.quantity - l.inStock - l.allocated;
    granted[best] = waiting;
    done[best] = true;
    free.set(l.inventoryItemId, (free.get(l.inventoryItemId) ?? 0) - waiting);
  }
  return granted;
}

function numeric(gid: string): string {
  return gid.slice(gid.lastIndexOf("/") + 1);
}

// ------------------------------------------------------------------ timing

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median wall time and median CPU time (the CPU figure is steadier on a shared machine). */
function time<T>(runs: number, fn: () => T): { ms: number; cpuMs: number; runs: number[]; result: T } {
  let result = fn(); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    result = fn();
    const used = process.cpuUsage(startCpu);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { ms: round(median(wall)), cpuMs: round(median(cpu)), runs: wall.map(round), result };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
const perSecond = (lines: number, ms: number) => Math.round((lines / ms) * 1000);

// ------------------------------------------------------------------ run

function measure(count: number, runs: number, withNaive: boolean) {
  const generated = dataset(count, Math.min(VARIANTS, Math.max(1, Math.floor(count / 100))));
  // Freshly materialised objects, as rows loaded from the database are, rather than interleaved with the
  // generator's garbage (on this kind of machine the memory layout alone moves the result by 2x).
  const lines = structuredClone(generated.lines);
  const demand = generated.demand;
  const detectStock = stock(demand, 0.4);
  const detection = time(runs, () => decideBackorders({ stock: detectStock, lines, rules: RULES }));
  const waitingLines = detection.result.lines.filter((d) => d.waiting > 0).length;

  // Allocation: every line waits (no stock at checkout), then 60% of the demand arrives.
  const waiting = structuredClone(settle(lines, stock(demand, 0)));
  const restock = stock(demand, 0.6);
  const allocation = time(runs, () => decideBackorders({ stock: restock, lines: waiting, rules: RULES }));
  const allocated = allocation.result.lines.filter((d) => d.newlyAllocated > 0).length;

  const out = {
    lines: count,
    pools: demand.size,
    detection: {
      ms: detection.ms,
      cpuMs: detection.cpuMs,
      linesPerSecond: perSecond(count, detection.ms),
      waitingLines,
      samplesMs: detection.runs,
    },
    allocation: {
      ms: allocation.ms,
      cpuMs: allocation.cpuMs,
      linesPerSecond: perSecond(count, allocation.ms),
      waitingLines: count,
      linesAllocated: allocated,
      samplesMs: allocation.runs,
    },
    naive: undefined as undefined | { detectionMs: number; allocationMs: number },
  };
  if (withNaive) {
    const naiveDetection = time(1, () => naiveDetect(lines, detectStock));
    const naiveAllocation = time(1, () => naiveAllocate(waiting, restock));
    // The engine and the naive baseline must agree on what ships, or the comparison means nothing.
    const engine = detection.result.lines.map((d) => d.inStock + d.allocated);
    if (engine.some((units, i) => units !== naiveDetection.result[i]))
      throw new Error("naive detection disagrees");
    out.naive = { detectionMs: naiveDetection.ms, allocationMs: naiveAllocation.ms };
  }
  return out;
}

const full = measure(LINES, RUNS, false);
const small = measure(NAIVE_LINES, RUNS, true);

const summary = {
  benchmark: "backorder-allocation-pure",
  node: process.version,
  runs: RUNS,
  rules: RULES,
  full,
  comparison: {
    lines: NAIVE_LINES,
    engine: { detectionMs: small.detection.ms, allocationMs: small.allocation.ms },
    naive: small.naive,
    speedup: small.naive && {
      detection: Math.round(small.naive.detectionMs / small.detection.ms),
      allocation: Math.round(small.naive.allocationMs / small.allocation.ms),
    },
  },
};

console.error(
  [
    `detection   ${full.lines} lines / ${full.pools} pools: ${full.detection.ms} ms median, ${full.detection.cpuMs} ms CPU (${full.detection.linesPerSecond} lines/s), ${full.detection.waitingLines} wait`,
    `allocation  ${full.lines} waiting lines: ${full.allocation.ms} ms median, ${full.allocation.cpuMs} ms CPU (${full.allocation.linesPerSecond} lines/s), ${full.allocation.linesAllocated} receive stock`,
    `at ${NAIVE_LINES} lines: engine ${small.detection.ms} / ${small.allocation.ms} ms, naive O(n²) ${small.naive?.detectionMs} / ${small.naive?.allocationMs} ms (detection / allocation)`,
  ].join("\n"),
);
console.log(JSON.stringify(summary));
