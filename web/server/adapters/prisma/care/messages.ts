/**
 * Customer care's outbox (OutboundMessage with the LineNotice rows a message carries) and the merchant's message
 * templates, for PrismaCareRepository.
 */
import type { MessageKind } from "../../../domain/customer-care/settings.js";
import type {
  LineNoticeRecord,
  MessageStatus,
  NewMessage,
  StoredMessage,
  TemplateRecord,
} from "../../../use-cases/customer-care/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import type { Db } from "../client.js";
import { IN_CHUNK, chunks } from "../backorder/shared.js";
import { isUniqueViolation, toMessage } from "./rows.js";

export async function enqueue(
  db: Db,
  shop: ShopDomain,
  m: NewMessage,
  notices: LineNoticeRecord[] = [],
): Promise<"queued" | "duplicate"> {
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.outboundMessage.findUnique({
        where: { shop_eventKey: { shop, eventKey: m.eventKey } },
      });
      if (existing) return "duplicate" as const;
      await tx.outboundMessage.create({
        data: {
          shop,
          eventKey: m.eventKey,
          kind: m.kind,
          orderId: m.orderId,
          customerId: m.customerId,
          to: m.to,
          locale: m.locale,
          data: JSON.stringify(m.data),
          status: m.status,
        },
      });
      for (const n of notices) {
        await tx.lineNotice.create({
          data: {
            shop,
            lineItemId: n.lineItemId,
            kind: n.kind,
            sentOn: n.sentOn,
            revised: JSON.stringify(n.revised),
            messageKey: n.messageKey,
          },
        });
      }
      return "queued" as const;
    });
  } catch (e) {
    // A concurrent enqueue of the same event won the insert.
    if (isUniqueViolation(e)) return "duplicate";
    throw e;
  }
}

export async function claimDue(db: Db, now: Date, limit: number, leaseMs: number): Promise<StoredMessage[]> {
  const candidates = await db.outboundMessage.findMany({
    where: {
      OR: [
        { status: "pending", nextAttemptAt: { lte: now } },
        { status: "sending", lockedUntil: { lt: now } },
      ],
    },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true, status: true, lockedUntil: true },
  });
  const claimed: StoredMessage[] = [];
  for (const c of candidates) {
    // Compare-and-set on the state read: a message another worker took in between is skipped.
    const { count } = await db.outboundMessage.updateMany({
      where: { id: c.id, status: c.status, lockedUntil: c.lockedUntil },
      data: {
        status: "sending",
        lockedUntil: new Date(now.getTime() + leaseMs),
        attempts: { increment: 1 },
      },
    });
    if (count === 1) {
      const row = await db.outboundMessage.findUnique({ where: { id: c.id } });
      if (row) claimed.push(toMessage(row));
    }
  }
  return claimed;
}

export async function markSent(
  db: Db,
  id: string,
  r: { subject: string; providerAnswer: string; at: Date },
): Promise<void> {
  await db.outboundMessage.update({
    where: { id },
    data: {
      status: "sent",
      subject: r.subject,
      providerAnswer: r.providerAnswer,
      sentAt: r.at,
      lockedUntil: null,
      lastError: null,
    },
  });
}

export async function markFailed(
  db: Db,
  id: string,
  r: { error: string; retryAt: Date | null },
): Promise<void> {
  await db.outboundMessage.update({
    where: { id },
    data: {
      // A retry waits as pending until its time; out of attempts, it stays failed for the merchant to see.
      status: r.retryAt ? "pending" : "failed",
      lastError: r.error.slice(0, 2000),
      lockedUntil: null,
      ...(r.retryAt ? { nextAttemptAt: r.retryAt } : {}),
    },
  });
}

export async function listMessages(
  db: Db,
  shop: ShopDomain,
  filter: { orderId?: string; status?: MessageStatus; limit: number },
): Promise<StoredMessage[]> {
  const rows = await db.outboundMessage.findMany({
    where: {
      shop,
      ...(filter.orderId ? { orderId: filter.orderId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.limit,
  });
  return rows.map(toMessage);
}

export async function messageByKey(
  db: Db,
  shop: ShopDomain,
  eventKey: string,
): Promise<StoredMessage | null> {
  const row = await db.outboundMessage.findUnique({ where: { shop_eventKey: { shop, eventKey } } });
  return row ? toMessage(row) : null;
}

export async function listTemplates(db: Db, shop: ShopDomain): Promise<TemplateRecord[]> {
  const rows = await db.messageTemplate.findMany({
    where: { shop },
    orderBy: [{ kind: "asc" }, { locale: "asc" }],
  });
  return rows.map((r) => ({
    kind: r.kind as MessageKind,
    locale: r.locale,
    subject: r.subject,
    body: r.body,
    updatedAt: r.updatedAt,
  }));
}

export async function getTemplate(
  db: Db,
  shop: ShopDomain,
  kind: MessageKind,
  locale: string,
): Promise<TemplateRecord | null> {
  const r = await db.messageTemplate.findUnique({
    where: { shop_kind_locale: { shop, kind, locale } },
  });
  return r ? { kind, locale, subject: r.subject, body: r.body, updatedAt: r.updatedAt } : null;
}

export async function saveTemplate(
  db: Db,
  shop: ShopDomain,
  t: Omit<TemplateRecord, "updatedAt">,
): Promise<TemplateRecord> {
  const r = await db.messageTemplate.upsert({
    where: { shop_kind_locale: { shop, kind: t.kind, locale: t.locale } },
    create: { shop, ...t },
    update: { subject: t.subject, body: t.body },
  });
  return { ...t, updatedAt: r.updatedAt };
}

export async function deleteTemplate(
  db: Db,
  shop: ShopDomain,
  kind: MessageKind,
  locale: string,
): Promise<boolean> {
  const { count } = await db.messageTemplate.deleteMany({ where: { shop, kind, locale } });
  return count > 0;
}

export async function storedEventKeys(db: Db, shop: ShopDomain, eventKeys: string[]): Promise<Set<string>> {
  const stored = new Set<string>();
  for (const chunk of chunks([...new Set(eventKeys)], IN_CHUNK)) {
    const rows = await db.outboundMessage.findMany({
      where: { shop, eventKey: { in: chunk } },
      select: { eventKey: true },
    });
    for (const r of rows) stored.add(r.eventKey);
  }
  return stored;
}
