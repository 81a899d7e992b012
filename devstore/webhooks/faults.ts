import { createPrng, shuffle } from "./prng.js";

/**
 * Delivery faults Shopify documents as possible (REFERENCE 1.4): duplicates, delays, reordering, and webhooks that
 * never arrive. Decisions come from a seeded PRNG, so a failing test replays exactly.
 */
export interface FaultConfig {
  seed: number;
  /** Fraction of deliveries sent twice (same webhook id and body). */
  duplicate: number;
  /** Fraction of deliveries never sent (logged as "dropped"). */
  drop: number;
  /** Extra wait before a delivery's first attempt. */
  delayMs: number;
  /** Hold this many deliveries and release them shuffled; 0 or 1 turns reordering off. */
  reorderWindow: number;
  /** A partly filled reorder window is released after this long. */
  reorderMaxHoldMs: number;
  /** Faults apply to these topics only; empty means every topic. */
  topics: string[];
}

export const NO_FAULTS: Omit<FaultConfig, "seed"> = {
  duplicate: 0,
  drop: 0,
  delayMs: 0,
  reorderWindow: 0,
  reorderMaxHoldMs: 1000,
  topics: [],
};

export interface FaultDecision {
  drop: boolean;
  duplicate: boolean;
  delayMs: number;
  reorder: boolean;
}

export class FaultController {
  private settings: FaultConfig;
  private random: () => number;

  constructor(seed = 1) {
    this.settings = { seed, ...NO_FAULTS };
    this.random = createPrng(seed);
  }

  config(): FaultConfig {
    return { ...this.settings, topics: [...this.settings.topics] };
  }

  /** Merges the patch; the PRNG restarts from the (possibly new) seed so a configuration replays identically. */
  configure(patch: Partial<FaultConfig>): FaultConfig {
    this.settings = { ...this.settings, ...patch };
    this.random = createPrng(this.settings.seed);
    return this.config();
  }

  reset(): FaultConfig {
    return this.configure({ ...NO_FAULTS });
  }

  decide(topic: string): FaultDecision {
    const s = this.settings;
    if (s.topics.length > 0 && !s.topics.includes(topic)) {
      return { drop: false, duplicate: false, delayMs: 0, reorder: false };
    }
    // Always draw both numbers, so changing one fraction does not shift the other's decisions.
    const dropDraw = this.random();
    const duplicateDraw = this.random();
    return {
      drop: dropDraw < s.drop,
      duplicate: duplicateDraw < s.duplicate,
      delayMs: s.delayMs,
      reorder: s.reorderWindow > 1,
    };
  }

  shuffle<T>(items: readonly T[]): T[] {
    return shuffle(items, this.random);
  }
}
