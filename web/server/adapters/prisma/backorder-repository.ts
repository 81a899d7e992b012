import { randomBytes } from "node:crypto";
import type { BackorderRepository } from "../../use-cases/backorder/ports.js";
import type { Clock } from "../../use-cases/ports.js";
import type { Db } from "./client.js";
import * as mirrors from "./backorder/mirrors.js";
import * as orders from "./backorder/orders.js";
import * as decisions from "./backorder/decisions.js";
import * as syncRecords from "./backorder/sync-records.js";
import * as outbox from "./backorder/outbox.js";
import * as list from "./backorder/list.js";
import * as history from "./backorder/history.js";
import * as erasure from "./backorder/erasure.js";
import type { Ctx } from "./backorder/shared.js";
import { SEARCH_CANDIDATE_LIMIT } from "./backorder/list-search.js";
import { SearchSamples } from "./backorder/search-sample.js";

/** The parameters of a module function after its context. */
type Args<F> = F extends (ctx: Ctx, ...args: infer A) => unknown ? A : never;

/**
 * The backorder engine's inventory and variant mirrors, orders, lines and line history, in Prisma (SQLite and
 * PostgreSQL, one code path).
 *
 * Each method delegates to the module of ./backorder/ that holds its part: mirrors, orders (the engine's reads),
 * decisions (saving), sync-records (what the order sync wrote to Shopify), outbox (Shopify writes), list (admin
 * queries), history and erasure (privacy).
 *
 * Times are stored as UTC milliseconds. Instants come back as ISO strings in the form "2026-11-24T08:00:00.000Z"
 * (a line's `orderCreatedAt`, a history entry's `at`, a level's `asOf`), whatever offset they were saved with; the
 * fields the port types as Date (orders, variants, `updatedAt`) come back as Dates.
 *
 * Big writes (saveDecision, upsertVariants) are multi-row `INSERT … ON CONFLICT … DO UPDATE` statements, which both
 * databases accept as written: a restock touching thousands of lines costs a few statements, not one per row
 * (10,000 new lines with their orders and history: about 1.5 s on SQLite and 2.3 s on PostgreSQL here, against some
 * 27 s and 42 s with one upsert per row).
 */
export class PrismaBackorderRepository implements BackorderRepository {
  private lastHistoryMs = 0;
  private historySeq = 0;
  private readonly ctx: Ctx;

  constructor(
    db: Db,
    /** Stamps createdAt/updatedAt of what saveDecision and recordSyncs write. */
    clock: Clock = { now: () => new Date() },
    options: {
      /** "scan": text search without the trigram indexes, the baseline bench/list.bench.ts measures them against. */
      textSearch?: "index" | "scan";
      /** Candidates a search reads from a trigram index before it walks instead (tests lower it). */
      searchCandidateLimit?: number;
    } = {},
  ) {
    this.ctx = {
      db,
      clock,
      historyId: () => this.historyId(),
      textSearch: {
        index: options.textSearch !== "scan",
        candidateLimit: options.searchCandidateLimit ?? SEARCH_CANDIDATE_LIMIT,
        samples: new SearchSamples(),
      },
    };
  }

  // ---- mirrors
  upsertLevel(...a: Args<typeof mirrors.upsertLevel>) {
    return mirrors.upsertLevel(this.ctx, ...a);
  }
  getLevels(...a: Args<typeof mirrors.getLevels>) {
    return mirrors.getLevels(this.ctx, ...a);
  }
  levelsOfItem(...a: Args<typeof mirrors.levelsOfItem>) {
    return mirrors.levelsOfItem(this.ctx, ...a);
  }
  levelsOfItems(...a: Args<typeof mirrors.levelsOfItems>) {
    return mirrors.levelsOfItems(this.ctx, ...a);
  }
  upsertVariants(...a: Args<typeof mirrors.upsertVariants>) {
    return mirrors.upsertVariants(this.ctx, ...a);
  }
  getVariants(...a: Args<typeof mirrors.getVariants>) {
    return mirrors.getVariants(this.ctx, ...a);
  }
  variantsOfItem(...a: Args<typeof mirrors.variantsOfItem>) {
    return mirrors.variantsOfItem(this.ctx, ...a);
  }

  // ---- orders
  getOrder(...a: Args<typeof orders.getOrder>) {
    return orders.getOrder(this.ctx, ...a);
  }
  getOrders(...a: Args<typeof orders.getOrders>) {
    return orders.getOrders(this.ctx, ...a);
  }
  linesOfOrder(...a: Args<typeof orders.linesOfOrder>) {
    return orders.linesOfOrder(this.ctx, ...a);
  }
  linesOfOrders(...a: Args<typeof orders.linesOfOrders>) {
    return orders.linesOfOrders(this.ctx, ...a);
  }
  openLinesOfPools(...a: Args<typeof orders.openLinesOfPools>) {
    return orders.openLinesOfPools(this.ctx, ...a);
  }
  openLineVersionsOfPools(...a: Args<typeof orders.openLineVersionsOfPools>) {
    return orders.openLineVersionsOfPools(this.ctx, ...a);
  }
  openLinesOfVariants(...a: Args<typeof orders.openLinesOfVariants>) {
    return orders.openLinesOfVariants(this.ctx, ...a);
  }
  ordersNeedingSync(...a: Args<typeof orders.ordersNeedingSync>) {
    return orders.ordersNeedingSync(this.ctx, ...a);
  }

  // ---- decisions
  saveDecision(...a: Args<typeof decisions.saveDecision>) {
    return decisions.saveDecision(this.ctx, ...a);
  }
  markTouched(...a: Args<typeof syncRecords.markTouched>) {
    return syncRecords.markTouched(this.ctx, ...a);
  }
  recordSyncs(...a: Args<typeof syncRecords.recordSyncs>) {
    return syncRecords.recordSyncs(this.ctx, ...a);
  }

  // ---- outbox
  shopsWithDueWrites(...a: Args<typeof outbox.shopsWithDueWrites>) {
    return outbox.shopsWithDueWrites(this.ctx, ...a);
  }
  claimWrites(...a: Args<typeof outbox.claimWrites>) {
    return outbox.claimWrites(this.ctx, ...a);
  }
  finishWrites(...a: Args<typeof outbox.finishWrites>) {
    return outbox.finishWrites(this.ctx, ...a);
  }
  retryWrites(...a: Args<typeof outbox.retryWrites>) {
    return outbox.retryWrites(this.ctx, ...a);
  }
  pendingWrites(...a: Args<typeof outbox.pendingWrites>) {
    return outbox.pendingWrites(this.ctx, ...a);
  }

  // ---- list
  listLines(...a: Args<typeof list.listLines>) {
    return list.listLines(this.ctx, ...a);
  }
  getLine(...a: Args<typeof list.getLine>) {
    return list.getLine(this.ctx, ...a);
  }
  getLines(...a: Args<typeof orders.getLines>) {
    return orders.getLines(this.ctx, ...a);
  }
  setPromisedDays(...a: Args<typeof list.setPromisedDays>) {
    return list.setPromisedDays(this.ctx, ...a);
  }
  stats(...a: Args<typeof list.stats>) {
    return list.stats(this.ctx, ...a);
  }

  // ---- history
  lineHistory(...a: Args<typeof history.lineHistory>) {
    return history.lineHistory(this.ctx, ...a);
  }

  // ---- erasure
  redactCustomer(...a: Args<typeof erasure.redactCustomer>) {
    return erasure.redactCustomer(this.ctx, ...a);
  }
  ordersOfCustomer(...a: Args<typeof erasure.ordersOfCustomer>) {
    return erasure.ordersOfCustomer(this.ctx, ...a);
  }
  deleteByShop(...a: Args<typeof erasure.deleteByShop>) {
    return erasure.deleteByShop(this.ctx, ...a);
  }

  /**
   * The save time (base 36), a counter and 48 random bits: unique across processes, and increasing within this
   * repository, so entries with the same `at` read back in the order they were saved (lineHistory sorts on at, id).
   */
  private historyId(): string {
    this.lastHistoryMs = Math.max(this.lastHistoryMs, Date.now());
    const seq = (this.historySeq++).toString(36).padStart(8, "0");
    return `${this.lastHistoryMs.toString(36).padStart(9, "0")}${seq}${randomBytes(6).toString("hex")}`;
  }
}
