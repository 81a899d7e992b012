/**
 * The inbox claim (InboxRepository.claimDue): due rows leased in one atomic statement.
 *
 * PostgreSQL: one statement sent to the driver (driver-sql.ts): the pick, the lease and the read of
 * the leased rows in a single `UPDATE … RETURNING`, whose rows come back as pg parses them. Through Prisma the claim was
 * an UPDATE returning ids and then a findMany of the rows, whose 15 KB payloads the query compiler decoded again: a
 * flash sale's worker claims every inbox row of the sale (4,266 rows for 1,000 orders) this way.
 *
 * FOR UPDATE SKIP LOCKED lets concurrent workers take disjoint rows instead of queueing on the same ones, and READ
 * COMMITTED re-checks the WHERE on rows another worker has just leased, so they drop out. The pick is a MATERIALIZED CTE
 * rather than a bare `IN (subquery)` so the planner can never re-run the LIMIT/SKIP LOCKED part as the inner side of a
 * loop (each run could lock a different set of rows).
 */
import type { InboxClaimFilter, InboxEvent, InboxStatus } from "../../use-cases/ports.js";
import { Prisma, type Db } from "./client.js";
import type { WebhookEvent } from "./generated/sqlite/client.js";
import { column, driverOf, placeholders, type DriverParam, type DriverRow } from "./driver-sql.js";
import { storedShop } from "./shop-column.js";

const COLUMNS = [
  "id",
  "shop",
  "webhookId",
  "eventId",
  "topic",
  "apiVersion",
  "triggeredAt",
  "payload",
  "resourceId",
  "customerId",
  "status",
  "attempts",
  "nextAttemptAt",
  "lockedUntil",
  "leaseToken",
  "lastError",
  "receivedAt",
  "processedAt",
] as const;

/** timestamp(3) without time zone holds UTC (as Prisma writes it): UTC text, never a Date (pg would send local time). */
const utc = (d: Date) => d.toISOString().replace("Z", "");

/** A claim: up to `limit` rows due at `now` (among `only`), leased until `lockedUntil` under `leaseToken`. */
export interface Claim {
  now: Date;
  limit: number;
  lockedUntil: Date;
  leaseToken: string;
  only: InboxClaimFilter | undefined;
}

export async function claimDuePg(db: Db, claim: Claim): Promise<InboxEvent[]> {
  const { now, limit, lockedUntil, leaseToken, only: filter } = claim;
  const params: DriverParam[] = [utc(now), utc(now)];
  let only = "";
  if (filter?.ids) {
    only += ` AND "id" IN (${placeholders(filter.ids.length)})`;
    params.push(...filter.ids);
  }
  if (filter?.shop) {
    only += ` AND "shop" = ?`;
    params.push(filter.shop);
  }
  params.push(limit, utc(lockedUntil), leaseToken);
  const rows = await driverOf(db).rows(
    `WITH due AS MATERIALIZED (
       SELECT "id" FROM "WebhookEvent"
        WHERE (("status" = 'PENDING' AND "nextAttemptAt" <= ?)
           OR ("status" = 'PROCESSING' AND "lockedUntil" <= ?))${only}
        ORDER BY "nextAttemptAt", "id"
        LIMIT ?
        FOR UPDATE SKIP LOCKED)
     UPDATE "WebhookEvent"
        SET "status" = 'PROCESSING', "attempts" = "attempts" + 1, "lockedUntil" = ?, "leaseToken" = ?
      WHERE "id" IN (SELECT "id" FROM due)
     RETURNING ${COLUMNS.map((c) => `"${c}"`).join(", ")}`,
    params,
  );
  // RETURNING gives no order: the claim's order is the rows' (nextAttemptAt, id).
  return rows
    .map(toEvent)
    .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || compareText(a.id, b.id));
}

/** SQLite: the rows as Prisma reads them (the repository maps them as its other reads). */
export async function claimDueSqlite(db: Db, claim: Claim): Promise<WebhookEvent[]> {
  const { now, limit, lockedUntil, leaseToken, only } = claim;
  // SQLite: a write statement takes the database's single write lock before it reads, so claims are serialised;
  // one UPDATE … RETURNING statement, so the pick and the lease are a single atomic step.
  const onlyIds = only?.ids ? Prisma.sql`AND "id" IN (${Prisma.join(only.ids)})` : Prisma.empty;
  const onlyShop = only?.shop ? Prisma.sql`AND "shop" = ${only.shop}` : Prisma.empty;
  const claimed = await db.$queryRaw<{ id: string }[]>`
      UPDATE "WebhookEvent"
         SET "status" = 'PROCESSING', "attempts" = "attempts" + 1, "lockedUntil" = ${lockedUntil},
             "leaseToken" = ${leaseToken}
       WHERE "id" IN (
         SELECT "id" FROM "WebhookEvent"
          WHERE (("status" = 'PENDING' AND "nextAttemptAt" <= ${now})
             OR ("status" = 'PROCESSING' AND "lockedUntil" <= ${now})) ${onlyIds} ${onlyShop}
          ORDER BY "nextAttemptAt", "id"
          LIMIT ${limit})
      RETURNING "id"`;
  if (claimed.length === 0) return [];
  // Read the leased rows back through the typed client: raw results would need SQLite's decoding of timestamps.
  // Nobody else can take them before the lease runs out.
  const rows = await db.webhookEvent.findMany({
    where: { id: { in: claimed.map((r) => r.id) } },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
  });
  return rows;
}

/** PostgreSQL's ORDER BY "id" under the database's collation; ids are ASCII letters and digits of one case. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toEvent(row: DriverRow): InboxEvent {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  const date = (value: unknown) => (value === null || value === undefined ? null : column.date(value));
  return {
    id: String(row.id),
    shop: storedShop(String(row.shop)),
    webhookId: String(row.webhookId),
    eventId: text(row.eventId),
    topic: String(row.topic),
    apiVersion: String(row.apiVersion),
    triggeredAt: date(row.triggeredAt),
    payload: String(row.payload),
    resourceId: text(row.resourceId),
    customerId: text(row.customerId),
    status: String(row.status) as InboxStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: column.date(row.nextAttemptAt),
    lockedUntil: date(row.lockedUntil),
    leaseToken: text(row.leaseToken),
    lastError: text(row.lastError),
    receivedAt: column.date(row.receivedAt),
    processedAt: date(row.processedAt),
  };
}
