import type { BackorderRepository } from "../../use-cases/backorder/ports.js";
import type { Clock } from "../../use-cases/ports.js";
import * as mirrors from "./backorder/mirrors.js";
import * as orders from "./backorder/orders.js";
import * as decisions from "./backorder/decisions.js";
import * as syncRecords from "./backorder/sync-records.js";
import * as outbox from "./backorder/outbox.js";
import * as list from "./backorder/list.js";
import * as history from "./backorder/history.js";
import * as erasure from "./backorder/erasure.js";
import { createState, type MemoryState } from "./backorder/state.js";

/** The parameters of a module function after its state. */
type Args<F> = F extends (s: MemoryState, ...args: infer A) => unknown ? A : never;

/**
 * The backorder engine's storage in Maps. Every method does its reads and writes without an `await` in between, so
 * each one is atomic with respect to the others, as a database transaction would be. Values go in and out as copies.
 * Like the Prisma repository, it gives instants back as ISO strings ("2026-11-24T08:00:00.000Z": a line's
 * `orderCreatedAt`, a history entry's `at`, a level's `asOf`) and rejects what the database would not store.
 *
 * Each method delegates to the module of ./backorder/ that holds its part, as the Prisma repository's do: mirrors,
 * orders (the engine's reads), decisions (saving), sync-records, outbox (Shopify writes), list (admin queries),
 * history and erasure (privacy). ./backorder/state.ts holds the Maps they share.
 */
export class MemoryBackorderRepository implements BackorderRepository {
  private readonly state: MemoryState;

  constructor(clock: Clock = { now: () => new Date() }) {
    this.state = createState(clock);
  }

  // ---- mirrors
  upsertLevel(...a: Args<typeof mirrors.upsertLevel>) {
    return mirrors.upsertLevel(this.state, ...a);
  }
  getLevels(...a: Args<typeof mirrors.getLevels>) {
    return mirrors.getLevels(this.state, ...a);
  }
  levelsOfItem(...a: Args<typeof mirrors.levelsOfItem>) {
    return mirrors.levelsOfItem(this.state, ...a);
  }
  levelsOfItems(...a: Args<typeof mirrors.levelsOfItems>) {
    return mirrors.levelsOfItems(this.state, ...a);
  }
  upsertVariants(...a: Args<typeof mirrors.upsertVariants>) {
    return mirrors.upsertVariants(this.state, ...a);
  }
  getVariants(...a: Args<typeof mirrors.getVariants>) {
    return mirrors.getVariants(this.state, ...a);
  }
  variantsOfItem(...a: Args<typeof mirrors.variantsOfItem>) {
    return mirrors.variantsOfItem(this.state, ...a);
  }

  // ---- orders
  getOrder(...a: Args<typeof orders.getOrder>) {
    return orders.getOrder(this.state, ...a);
  }
  getOrders(...a: Args<typeof orders.getOrders>) {
    return orders.getOrders(this.state, ...a);
  }
  linesOfOrder(...a: Args<typeof orders.linesOfOrder>) {
    return orders.linesOfOrder(this.state, ...a);
  }
  linesOfOrders(...a: Args<typeof orders.linesOfOrders>) {
    return orders.linesOfOrders(this.state, ...a);
  }
  openLinesOfPools(...a: Args<typeof orders.openLinesOfPools>) {
    return orders.openLinesOfPools(this.state, ...a);
  }
  openLineVersionsOfPools(...a: Args<typeof orders.openLineVersionsOfPools>) {
    return orders.openLineVersionsOfPools(this.state, ...a);
  }
  openLinesOfVariants(...a: Args<typeof orders.openLinesOfVariants>) {
    return orders.openLinesOfVariants(this.state, ...a);
  }
  ordersNeedingSync(...a: Args<typeof orders.ordersNeedingSync>) {
    return orders.ordersNeedingSync(this.state, ...a);
  }

  // ---- decisions
  saveDecision(...a: Args<typeof decisions.saveDecision>) {
    return decisions.saveDecision(this.state, ...a);
  }

  // ---- syncRecords
  markTouched(...a: Args<typeof syncRecords.markTouched>) {
    return syncRecords.markTouched(this.state, ...a);
  }
  recordSyncs(...a: Args<typeof syncRecords.recordSyncs>) {
    return syncRecords.recordSyncs(this.state, ...a);
  }

  // ---- outbox
  shopsWithDueWrites(...a: Args<typeof outbox.shopsWithDueWrites>) {
    return outbox.shopsWithDueWrites(this.state, ...a);
  }
  claimWrites(...a: Args<typeof outbox.claimWrites>) {
    return outbox.claimWrites(this.state, ...a);
  }
  finishWrites(...a: Args<typeof outbox.finishWrites>) {
    return outbox.finishWrites(this.state, ...a);
  }
  retryWrites(...a: Args<typeof outbox.retryWrites>) {
    return outbox.retryWrites(this.state, ...a);
  }
  pendingWrites(...a: Args<typeof outbox.pendingWrites>) {
    return outbox.pendingWrites(this.state, ...a);
  }

  // ---- list
  listLines(...a: Args<typeof list.listLines>) {
    return list.listLines(this.state, ...a);
  }
  getLine(...a: Args<typeof list.getLine>) {
    return list.getLine(this.state, ...a);
  }
  getLines(...a: Args<typeof list.getLines>) {
    return list.getLines(this.state, ...a);
  }
  setPromisedDays(...a: Args<typeof list.setPromisedDays>) {
    return list.setPromisedDays(this.state, ...a);
  }
  stats(...a: Args<typeof list.stats>) {
    return list.stats(this.state, ...a);
  }

  // ---- history
  lineHistory(...a: Args<typeof history.lineHistory>) {
    return history.lineHistory(this.state, ...a);
  }

  // ---- erasure
  redactCustomer(...a: Args<typeof erasure.redactCustomer>) {
    return erasure.redactCustomer(this.state, ...a);
  }
  ordersOfCustomer(...a: Args<typeof erasure.ordersOfCustomer>) {
    return erasure.ordersOfCustomer(this.state, ...a);
  }
  deleteByShop(...a: Args<typeof erasure.deleteByShop>) {
    return erasure.deleteByShop(this.state, ...a);
  }
}
