import { latestDate, type Eta } from "../../../domain/eta/index.js";
import type {
  EtaSlipRecord,
  LinePromiseRecord,
  PromiseChanges,
} from "../../../use-cases/availability/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { promisedDayUpdates } from "../backorder/list.js";
import { isUniqueViolation } from "../backorder/shared.js";
import type { Db } from "../client.js";
import { column, selectRows } from "../driver-sql.js";

const PROMISE_FIELDS = ["lineItemId", "promised", "promisedAt", "current", "agreed"] as const;

// Line promises and ETA slips (PrismaAvailabilityRepository).

export async function linePromises(
  db: Db,
  shop: ShopDomain,
  lineItemIds: string[],
): Promise<LinePromiseRecord[]> {
  // A driver-level read (../driver-sql.ts): the batches of a sale read the promises of the hot variant's lines.
  const rows = await selectRows(db, "LinePromise", PROMISE_FIELDS, shop, {
    in: { column: "lineItemId", ids: lineItemIds },
  });
  return rows.map((r) => ({
    lineItemId: r.lineItemId as string,
    promised: parseEta(r.promised as string),
    promisedAt: column.date(r.promisedAt),
    current: parseEta(r.current as string),
    agreed: r.agreed === null ? null : parseEta(r.agreed as string),
  }));
}

export async function agreeToEta(db: Db, shop: ShopDomain, lineItemId: string, eta: Eta): Promise<boolean> {
  const [{ count }] = await db.$transaction([
    db.linePromise.updateMany({ where: { shop, lineItemId }, data: { agreed: JSON.stringify(eta) } }),
    // The accepted date is what the customer holds us to now: the list's promised sort follows it.
    ...promisedDayUpdates(db, shop, [{ lineItemId, day: latestDate(eta) }]),
  ]);
  return count > 0;
}

export async function savePromiseChanges(db: Db, shop: ShopDomain, changes: PromiseChanges): Promise<void> {
  // Which promises exist is read before the transaction, so its first statement is a write: on SQLite a
  // transaction that reads and then writes fails against a concurrent writer instead of waiting for it. If another
  // sync creates one of these promises in between, the insert hits the primary key, the whole batch rolls back, and
  // the retry finds the winner's promise and keeps it.
  for (let attempt = 0; ; attempt++) {
    const existing = new Set(
      (
        await linePromises(
          db,
          shop,
          changes.created.map((c) => c.lineItemId),
        )
      ).map((p) => p.lineItemId),
    );
    const fresh = new Map(
      changes.created.filter((c) => !existing.has(c.lineItemId)).map((c) => [c.lineItemId, c]),
    );
    try {
      await db.$transaction([
        db.linePromise.createMany({
          data: [...fresh.values()].map((c) => ({
            shop,
            lineItemId: c.lineItemId,
            promised: JSON.stringify(c.promised),
            promisedAt: c.promisedAt,
            current: JSON.stringify(c.promised),
          })),
        }),
        // The list's promised sort: the day each new promise holds the line to.
        ...promisedDayUpdates(
          db,
          shop,
          [...fresh.values()].map((c) => ({ lineItemId: c.lineItemId, day: latestDate(c.promised) })),
        ),
        ...changes.revised.map((r) =>
          db.linePromise.updateMany({
            where: { shop, lineItemId: r.lineItemId },
            data: { current: JSON.stringify(r.current) },
          }),
        ),
        db.etaSlip.createMany({
          data: changes.slips.map((s) => ({
            shop,
            lineItemId: s.lineItemId,
            promised: JSON.stringify(s.promised),
            revised: JSON.stringify(s.revised),
            detectedAt: s.detectedAt,
          })),
        }),
      ]);
      return;
    } catch (e) {
      if (!isUniqueViolation(e) || attempt >= 2) throw e;
    }
  }
}

export async function listSlips(
  db: Db,
  shop: ShopDomain,
  filter: { lineItemId?: string; unnotified?: boolean; limit: number },
): Promise<EtaSlipRecord[]> {
  const rows = await db.etaSlip.findMany({
    where: {
      shop,
      ...(filter.lineItemId !== undefined ? { lineItemId: filter.lineItemId } : {}),
      ...(filter.unnotified ? { notifiedAt: null } : {}),
    },
    orderBy: [{ detectedAt: "desc" }, { id: "desc" }],
    take: filter.limit,
  });
  return rows.map((r) => ({
    id: r.id,
    lineItemId: r.lineItemId,
    promised: parseEta(r.promised),
    revised: parseEta(r.revised),
    detectedAt: r.detectedAt,
    notifiedAt: r.notifiedAt,
  }));
}

/** Our own writes: JSON of a domain Eta. */
function parseEta(text: string): Eta {
  return JSON.parse(text) as Eta;
}
