import { createHash } from "node:crypto";
import {
  alertEmail,
  alertsToSend,
  decideRaise,
  DEFAULT_ALERT_SETTINGS,
  digestSlot,
  type AlertCandidate,
  type AlertSettings,
} from "../../domain/alerts/index.js";
import type { Clock, Logger, ShopDomain } from "../ports.js";
import type { AlertFacts, AlertMailOutbox, AlertRepository, StoredAlert } from "./ports.js";

export interface AlertsDeps {
  repository: AlertRepository;
  facts: AlertFacts;
  outbox: AlertMailOutbox;
  clock: Clock;
  logger: Logger;
  /** The admin's alerts page for the shop (the emails link to it). */
  adminUrl: (shop: ShopDomain) => string;
}

/**
 * Recording alerts and emailing them. A found fact becomes an alert once (domain/alerts/dedupe.ts, then the unique
 * event key against a racing check); at once, the new alerts go out in one email per recipient; as a digest, the
 * day's alerts go out once a day from the merchant's hour. Emails go through customer care's outbox, keyed so that
 * the same email is never queued twice.
 */
export function createAlertRecorder(deps: AlertsDeps) {
  const { repository: repo, clock } = deps;

  // Settings saved before a field existed read it as its default.
  const settingsOf = async (shop: ShopDomain): Promise<AlertSettings> => ({
    ...DEFAULT_ALERT_SETTINGS,
    ...(await repo.getSettings(shop)),
  });

  /** Stores the new ones among these facts (kinds the merchant turned off are not recorded); returns them. */
  async function raise(shop: ShopDomain, candidates: AlertCandidate[]): Promise<StoredAlert[]> {
    const settings = await settingsOf(shop);
    const wanted = candidates.filter((c) => settings.kinds[c.kind]);
    if (wanted.length === 0) return [];
    const now = clock.now();
    const prior = await repo.occurrences(shop, [...new Set(wanted.map((c) => c.subject))]);
    const opened: StoredAlert[] = [];
    for (const candidate of wanted) {
      const decision = decideRaise(
        candidate,
        prior.filter((p) => p.subject === candidate.subject),
        now,
      );
      if (decision.action === "reopen") await repo.reopen(shop, decision.id);
      if (decision.action !== "open") continue;
      const stored = await repo.open(shop, { ...candidate, detectedAt: now });
      if (stored) {
        opened.push(stored);
        prior.push(stored);
      }
    }
    if (opened.length > 0) {
      deps.logger.info("merchant alerts raised", { shop, kinds: opened.map((a) => a.kind) });
      if (settings.delivery === "immediate") await flush(shop, settings);
    }
    return opened;
  }

  /**
   * Emails what waits: at once (every unsent alert, one email), or the digest when its hour has come. Alerts of kinds
   * turned off or dismissed in the admin are marked and never sent. Returns the alerts the email carried.
   */
  async function flush(shop: ShopDomain, given?: AlertSettings): Promise<number> {
    const settings = given ?? (await settingsOf(shop));
    if (settings.recipients.length === 0) return 0;
    const now = clock.now();
    const { send, skip } = alertsToSend(await repo.unsent(shop), settings.kinds);
    await repo.markEmailed(
      shop,
      skip.map((a) => a.id),
      now,
    );
    if (send.length === 0) return 0;
    const { name, timeZone } = await deps.facts.shop(shop);
    let key: string;
    let digestDay: string | null = null;
    if (settings.delivery === "digest") {
      const slot = digestSlot(now, timeZone, settings.digestHour);
      if (!slot.due) return 0;
      digestDay = slot.day;
      key = `alert-digest:${slot.day}`;
    } else {
      // The same set of alerts is the same email (a retry after a crash between queueing and marking).
      key = `alerts:${createHash("sha256")
        .update(send.map((a) => a.id).join(","))
        .digest("hex")
        .slice(0, 32)}`;
    }
    const mail = alertEmail({
      shopName: name,
      alerts: send,
      digestDay,
      adminUrl: deps.adminUrl(shop),
      locale: settings.language,
    });
    let queued = false;
    for (const to of settings.recipients) {
      const outcome = await deps.outbox.enqueue(shop, {
        eventKey: `${key}:${to.toLowerCase()}`,
        to,
        locale: settings.language,
        ...mail,
      });
      queued ||= outcome === "queued";
    }
    // A digest already sent today: these wait for tomorrow's.
    if (!queued && digestDay !== null) return 0;
    await repo.markEmailed(
      shop,
      send.map((a) => a.id),
      now,
    );
    deps.outbox.wake();
    return send.length;
  }

  return { settingsOf, raise, flush };
}

export type AlertRecorder = ReturnType<typeof createAlertRecorder>;
