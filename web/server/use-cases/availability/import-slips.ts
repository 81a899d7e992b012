import { reviseEta, type SupplierEtaRow } from "../../domain/eta/index.js";
import type { ShopDomain } from "../ports.js";
import { createEvaluateVariants, type EvaluateDeps } from "./evaluate-variants.js";
import { storedPromise } from "./line-promises.js";
import type { AvailabilityRepository, SupplierEtaRecord } from "./ports.js";
import type { ImportSlipRecord } from "./supplier-import-ports.js";

export type ImportSlipDeps = EvaluateDeps & {
  repository: Pick<
    AvailabilityRepository,
    "listRules" | "variantSyncs" | "supplierEtas" | "substituteChoices" | "linePromises"
  >;
};

/**
 * The waiting lines a feed would make late: each line's ETA is computed as the sync will compute it once the feed's
 * rows replace the earlier ETAs of the variants it names, and compared with what was last computed for it and with
 * its promise (domain/eta/promise.ts reviseEta: later than both is a slip). Nothing is written; the same answer
 * serves a dry run ("would slip") and an applied import ("slipped"), computed before its ETAs are stored.
 */
export function createImportSlips(deps: ImportSlipDeps) {
  return async function importSlips(shop: ShopDomain, valid: SupplierEtaRow[]): Promise<ImportSlipRecord[]> {
    if (!deps.waitingLines || valid.length === 0) return [];
    const named = [...new Set(valid.map((r) => r.variantId as string))];
    const waiting = await deps.waitingLines.waitingLines(shop, named);
    if (waiting.length === 0) return [];
    const lineOf = new Map(waiting.map((l) => [l.lineItemId, l]));
    const withLines = new Set(waiting.map((l) => l.variantId));
    const feed: SupplierEtaRecord[] = valid
      .filter((r) => withLines.has(r.variantId))
      .map((r) => ({ variantId: r.variantId, expectedOn: r.eta, quantity: r.quantity, importId: "" }));
    const { repository } = deps;
    const evaluate = createEvaluateVariants({
      ...deps,
      repository: {
        listRules: (s) => repository.listRules(s),
        variantSyncs: (s, ids) => repository.variantSyncs(s, ids),
        substituteChoices: (s, ids) => repository.substituteChoices(s, ids),
        supplierEtas: async (_s, ids) => feed.filter((f) => ids.includes(f.variantId)),
      },
    });
    const evaluations = await evaluate(shop, [...withLines]);
    const lines = evaluations.flatMap((e) => e.lines);
    const promises = new Map(
      (
        await repository.linePromises(
          shop,
          lines.map((l) => l.lineId),
        )
      ).map((p) => [p.lineItemId, p]),
    );
    const now = deps.clock.now();
    const slips: ImportSlipRecord[] = [];
    for (const line of lines) {
      const stored = promises.get(line.lineId);
      const waitingLine = lineOf.get(line.lineId);
      if (!stored || !waitingLine) continue;
      const change = reviseEta(storedPromise(stored, now), line.eta, now).change;
      if (change?.kind !== "slip") continue;
      slips.push({
        lineItemId: line.lineId,
        orderId: waitingLine.orderId,
        variantId: waitingLine.variantId,
        promised: change.promised,
        previous: change.previous,
        revised: change.now,
      });
    }
    return slips;
  };
}
