import type {
  Clock,
  DataExportRepository,
  InboxRepository,
  SessionRepository,
  ShopRepository,
} from "../../use-cases/ports.js";
import type { BackorderRepository } from "../../use-cases/backorder/ports.js";
import { PrismaBackorderRepository } from "./backorder-repository.js";
import { providerOf, type Db } from "./client.js";
import { PrismaDataExportRepository } from "./data-export-repository.js";
import { PrismaInboxRepository } from "./inbox-repository.js";
import { PrismaSessionRepository } from "./session-repository.js";
import { PrismaShopRepository } from "./shop-repository.js";

export { PrismaBackorderRepository } from "./backorder-repository.js";
export { PrismaDataExportRepository } from "./data-export-repository.js";
export { PrismaInboxRepository, REDACTED_PAYLOAD } from "./inbox-repository.js";
export { PrismaSessionRepository } from "./session-repository.js";
export { PrismaShopRepository } from "./shop-repository.js";

export interface PrismaRepositories {
  sessions: SessionRepository;
  shops: ShopRepository;
  inbox: InboxRepository;
  exports: DataExportRepository;
  backorders: BackorderRepository;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * @param options.clock stamps `receivedAt` (and the first `nextAttemptAt`) of new inbox rows and `updatedAt` of
 *   backorder orders and lines; every other time comes in as an argument.
 */
export function createPrismaRepositories(db: Db, options: { clock?: Clock } = {}): PrismaRepositories {
  const clock = options.clock ?? systemClock;
  return {
    sessions: new PrismaSessionRepository(db),
    shops: new PrismaShopRepository(db),
    inbox: new PrismaInboxRepository(db, providerOf(db), clock),
    exports: new PrismaDataExportRepository(db),
    backorders: new PrismaBackorderRepository(db, clock),
  };
}
