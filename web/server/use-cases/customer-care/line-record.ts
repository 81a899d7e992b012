/**
 * What the line page shows of customer care for one line: its promise (what was promised at purchase and when, the
 * date expected now, a later date the customer accepted), what the customer was shown and agreed to, and the emails
 * of its order. Reads only.
 */
import type { LinePromiseRecord } from "../availability/ports.js";
import type { ShopDomain } from "../ports.js";
import type { CustomerCareDeps } from "./context.js";
import type { LineConsentRecord, MessageStatus } from "./ports.js";

/** The most emails of one order the line page lists (newest first). */
export const LINE_RECORD_MESSAGES = 50;

export interface LineCareRecord {
  promise: LinePromiseRecord | null;
  consents: LineConsentRecord[];
  messages: {
    kind: string;
    status: MessageStatus;
    to: string;
    subject: string | null;
    createdAt: Date;
    sentAt: Date | null;
  }[];
}

export function createLineRecord(deps: Pick<CustomerCareDeps, "repository" | "promises" | "backorders">) {
  return async function lineRecord(shop: ShopDomain, lineItemId: string): Promise<LineCareRecord | null> {
    const line = await deps.backorders.getLine(shop, lineItemId);
    if (!line) return null;
    const [promises, consents, messages] = await Promise.all([
      deps.promises.linePromises(shop, [lineItemId]),
      deps.repository.consentsOfLines(shop, [lineItemId]),
      deps.repository.listMessages(shop, { orderId: line.orderId, limit: LINE_RECORD_MESSAGES }),
    ]);
    return {
      promise: promises[0] ?? null,
      consents,
      messages: messages.map((m) => ({
        kind: m.kind,
        status: m.status,
        to: m.to,
        subject: m.subject,
        createdAt: m.createdAt,
        sentAt: m.sentAt,
      })),
    };
  };
}
