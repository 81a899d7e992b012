import type { Clock, Repositories } from "../../use-cases/ports.js";
import { MemoryBackorderRepository } from "./backorder-repository.js";
import { MemoryDataExportRepository } from "./data-export-repository.js";
import { MemoryInboxRepository } from "./inbox-repository.js";
import { MemorySessionRepository } from "./session-repository.js";
import { MemoryShopRepository } from "./shop-repository.js";

export { MemoryBackorderRepository } from "./backorder-repository.js";
export { MemoryDataExportRepository } from "./data-export-repository.js";
export { MemoryInboxRepository, REDACTED_PAYLOAD } from "./inbox-repository.js";
export { MemorySessionRepository } from "./session-repository.js";
export { MemoryShopRepository } from "./shop-repository.js";

export type MemoryRepositories = Repositories;

const systemClock: Clock = { now: () => new Date() };

/**
 * In-memory implementations of every repository port, for use-case and HTTP tests. They pass the same contract
 * suite as the Prisma repositories (test/contracts).
 *
 * @param options.clock stamps `receivedAt` (and the first `nextAttemptAt`) of new inbox rows, as in Prisma.
 */
export function createMemoryRepositories(options: { clock?: Clock } = {}): MemoryRepositories {
  return {
    sessions: new MemorySessionRepository(),
    shops: new MemoryShopRepository(),
    inbox: new MemoryInboxRepository(options.clock ?? systemClock),
    exports: new MemoryDataExportRepository(),
    backorders: new MemoryBackorderRepository(options.clock ?? systemClock),
  };
}
