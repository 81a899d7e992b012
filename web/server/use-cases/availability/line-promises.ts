import {
  makePromise,
  reviseEta,
  sameEta,
  type CalendarDate,
  type LinePromise,
} from "../../domain/eta/index.js";
import type { ShopDomain } from "../ports.js";
import type { VariantEvaluation } from "./evaluate-variants.js";
import type { LinePromiseRecord, PromiseChanges } from "./ports.js";
import type { SyncVariantsDeps } from "./sync-variants.js";

/** First ETA of a line → its promise; later ones move `current`, and a later date than promised is a slip. */
export async function recordLineEtas(
  deps: Pick<SyncVariantsDeps, "repository" | "clock" | "logger" | "onPromiseChanges">,
  shop: ShopDomain,
  evaluations: VariantEvaluation[],
): Promise<PromiseChanges> {
  const { repository, clock, logger } = deps;
  const lineEtas = evaluations.flatMap((e) => e.lines);
  const changes: PromiseChanges = { created: [], revised: [], slips: [] };
  if (lineEtas.length === 0) return changes;
  const now = clock.now();
  const existing = new Map(
    (
      await repository.linePromises(
        shop,
        lineEtas.map((l) => l.lineId),
      )
    ).map((p) => [p.lineItemId, p]),
  );
  for (const line of lineEtas) {
    const stored = existing.get(line.lineId);
    if (!stored) {
      changes.created.push({ lineItemId: line.lineId, promised: line.eta, promisedAt: now });
      continue;
    }
    const revision = reviseEta(storedPromise(stored, now), line.eta, now);
    if (!sameEta(stored.current, line.eta))
      changes.revised.push({ lineItemId: line.lineId, current: line.eta });
    if (revision.change?.kind === "slip") {
      changes.slips.push({
        lineItemId: line.lineId,
        promised: revision.change.promised,
        revised: revision.change.now,
        detectedAt: now,
      });
    }
  }
  if (changes.created.length + changes.revised.length + changes.slips.length > 0) {
    await repository.savePromiseChanges(shop, changes);
    await deps.onPromiseChanges?.(shop, changes);
  }
  if (changes.slips.length > 0) logger.info("eta slips recorded", { shop, slips: changes.slips.length });
  return changes;
}

/** A stored line promise as the domain's LinePromise (what reviseEta judges a new ETA against). */
export function storedPromise(stored: LinePromiseRecord, now: Date): LinePromise {
  // promisedOn is only carried along by reviseEta; the stored promisedAt is the record.
  return {
    ...makePromise(stored.lineItemId, stored.promised, now.toISOString().slice(0, 10) as CalendarDate),
    current: stored.current,
    agreed: stored.agreed,
  };
}
