/**
 * Merchant alerts: a variant reached its backorder cap, promises at risk, a legal deadline coming, a webhook
 * dead-lettered. Each is recorded where its fact arises (the availability sync, the inbox worker) or by the scheduled
 * scan (time-based facts), once per occurrence, listed in the admin, and emailed through customer care's outbox at
 * once or as a daily digest. main.ts builds it once (composition/alerts.ts).
 */
import {
  ALERT_KINDS,
  capReached,
  clearedAlerts,
  legalDeadline,
  promiseAtRisk,
  validateAlertSettings,
  webhookDead,
  type AlertCandidate,
  type AlertSettings,
} from "../../domain/alerts/index.js";
import { NotFoundError, ValidationError } from "../../errors.js";
import type { ShopDomain } from "../ports.js";
import type { StoredAlert } from "./ports.js";
import { createAlertRecorder, type AlertsDeps } from "./raise.js";

export type { AlertsDeps } from "./raise.js";

/** A variant's cap state after an availability evaluation. */
export interface CapState {
  variantId: string;
  reached: boolean;
  cap: number | null;
  waitingUnits: number;
}

/** The most alerts the admin lists. */
export const ALERT_LIST_LIMIT = 200;

export function createMerchantAlerts(deps: AlertsDeps) {
  const { repository: repo, clock, logger } = deps;
  const recorder = createAlertRecorder(deps);

  /** Availability evaluated these variants: those at their cap raise an alert, the others clear theirs. */
  async function capStates(shop: ShopDomain, states: CapState[]): Promise<StoredAlert[]> {
    const reached = states.filter((s) => s.reached);
    const freed = new Set(states.filter((s) => !s.reached).map((s) => `cap:${s.variantId}`));
    if (freed.size > 0) {
      const open = await repo.openAlerts(shop);
      const ids = open.filter((a) => a.kind === "cap_reached" && freed.has(a.subject)).map((a) => a.id);
      await repo.resolve(shop, ids, clock.now());
    }
    if (reached.length === 0) return [];
    const titles = await deps.facts.variants(
      shop,
      reached.map((s) => s.variantId),
    );
    const now = clock.now();
    return recorder.raise(
      shop,
      reached.map((s) =>
        capReached(
          {
            variantId: s.variantId,
            title: titles.get(s.variantId)?.title ?? s.variantId,
            sku: titles.get(s.variantId)?.sku ?? null,
            cap: s.cap,
            waitingUnits: s.waitingUnits,
          },
          now,
        ),
      ),
    );
  }

  /** The time-based facts of one shop (promises at risk, legal deadlines), then the digest when it is due. */
  async function scan(shop: ShopDomain): Promise<{ raised: number; resolved: number; emailed: number }> {
    const lines = await deps.facts.riskyLines(shop);
    const candidates: AlertCandidate[] = [];
    for (const l of lines) {
      const base = { lineItemId: l.lineItemId, orderId: l.orderId, orderName: l.orderName, title: l.title };
      if (l.promise && l.dueOn)
        candidates.push(promiseAtRisk({ ...base, units: l.units, state: l.promise, dueOn: l.dueOn }));
      if (l.deadline) candidates.push(legalDeadline({ ...base, units: l.units, ...l.deadline }));
    }
    const cleared = clearedAlerts(
      await repo.openAlerts(shop),
      ["promise_at_risk", "legal_deadline"],
      new Set(candidates.map((c) => c.subject)),
    );
    await repo.resolve(shop, cleared, clock.now());
    const raised = await recorder.raise(shop, candidates);
    const emailed = await recorder.flush(shop);
    return { raised: raised.length, resolved: cleared.length, emailed };
  }

  return {
    capStates,
    scan,
    /** A webhook failed every retry (or could never be processed): the inbox row is the fact. */
    webhookDead: (
      shop: ShopDomain,
      row: { inboxId: string; topic: string; webhookId: string; error: string | null },
    ) => recorder.raise(shop, [webhookDead(row)]),
    /** Emails what waits (the digest when its hour has come). */
    flush: (shop: ShopDomain) => recorder.flush(shop),
    admin: {
      list: (shop: ShopDomain, includeDismissed: boolean) =>
        repo.list(shop, { includeDismissed, limit: ALERT_LIST_LIMIT }),
      async mark(shop: ShopDomain, id: string, action: "acknowledge" | "dismiss"): Promise<void> {
        const field = action === "acknowledge" ? "acknowledgedAt" : "dismissedAt";
        if (!(await repo.mark(shop, id, field, clock.now())))
          throw new NotFoundError(`No alert ${JSON.stringify(id)} in this shop`);
      },
      getSettings: (shop: ShopDomain) => recorder.settingsOf(shop),
      async saveSettings(shop: ShopDomain, settings: AlertSettings): Promise<AlertSettings> {
        const problems = validateAlertSettings(settings);
        if (problems.length > 0)
          throw new ValidationError(
            `Invalid alert settings: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`,
            problems,
          );
        await repo.saveSettings(shop, settings);
        logger.info("alert settings saved", {
          shop,
          kinds: ALERT_KINDS.filter((k) => settings.kinds[k]),
          recipients: settings.recipients.length,
          delivery: settings.delivery,
        });
        return settings;
      },
    },
  };
}

export type MerchantAlerts = ReturnType<typeof createMerchantAlerts>;
