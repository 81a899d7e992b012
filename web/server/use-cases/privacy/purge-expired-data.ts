import type { Clock, DataExportRepository, InboxRepository } from "../ports.js";

const DAY_MS = 86_400_000;

export interface RetentionPolicy {
  /** INBOX_RETENTION_DAYS: a finished inbox row keeps its payload this long after it was received. */
  inboxDays: number;
  /** EXPORT_RETENTION_DAYS: a customer data export is deleted this long after it was created. */
  exportDays: number;
}

export interface PurgeReport {
  inboxPayloadsPurged: number;
  exportsDeleted: number;
}

/** The retention cut-off: `days` whole days before `now`. Pure. */
export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * Data minimisation (GDPR Art. 5(1)(c), https://gdpr-info.eu/art-5-gdpr/): finished webhook rows keep their
 * envelope for investigations but lose the order body, and customer data exports expire.
 */
export function createPurgeExpiredData(deps: {
  inbox: Pick<InboxRepository, "purgePayloads">;
  exports: Pick<DataExportRepository, "deleteCreatedBefore">;
  clock: Clock;
  policy: RetentionPolicy;
}) {
  return async function purgeExpiredData(): Promise<PurgeReport> {
    const now = deps.clock.now();
    const inboxPayloadsPurged = await deps.inbox.purgePayloads(retentionCutoff(now, deps.policy.inboxDays));
    const exportsDeleted = await deps.exports.deleteCreatedBefore(
      retentionCutoff(now, deps.policy.exportDays),
    );
    return { inboxPayloadsPurged, exportsDeleted };
  };
}
