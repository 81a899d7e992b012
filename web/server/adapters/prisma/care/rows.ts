import type { Eta } from "../../../domain/eta/index.js";
import type {
  CareOrder,
  CustomerActionRecord,
  LineConsentRecord,
  MessageStatus,
  StoredMessage,
} from "../../../use-cases/customer-care/ports.js";
import { Prisma, type Db } from "../client.js";
import { storedShop } from "../shop-column.js";

// Customer care's rows as the port types them.

/** The parameters of a module function after its database. */
export type Args<F> = F extends (db: Db, ...args: infer A) => unknown ? A : never;

type MessageRow = Awaited<ReturnType<Db["outboundMessage"]["findFirstOrThrow"]>>;
type OrderRow = Awaited<ReturnType<Db["careOrder"]["findFirstOrThrow"]>>;
type ConsentRow = Awaited<ReturnType<Db["lineConsent"]["findFirstOrThrow"]>>;

export function toOrder(row: OrderRow): CareOrder {
  return {
    orderId: row.orderId,
    orderName: row.orderName,
    customerId: row.customerId,
    email: row.email,
    customerName: row.customerName,
    locale: row.locale,
    acknowledgedAt: row.acknowledgedAt,
    currency: row.currency,
    lines: JSON.parse(row.lines) as CareOrder["lines"],
  };
}

export function toConsent(r: ConsentRow): LineConsentRecord {
  return {
    lineItemId: r.lineItemId,
    orderId: r.orderId,
    customerId: r.customerId,
    kind: r.kind as LineConsentRecord["kind"],
    eta: JSON.parse(r.eta) as Eta,
    text: r.text,
    locale: r.locale,
    givenAt: r.givenAt,
  };
}

export function toMessage(r: MessageRow): StoredMessage {
  return {
    id: r.id,
    shop: storedShop(r.shop),
    eventKey: r.eventKey,
    kind: r.kind as StoredMessage["kind"],
    orderId: r.orderId,
    customerId: r.customerId,
    to: r.to,
    locale: r.locale,
    data: JSON.parse(r.data) as StoredMessage["data"],
    status: r.status as MessageStatus,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    subject: r.subject,
    providerAnswer: r.providerAnswer,
    lastError: r.lastError,
    createdAt: r.createdAt,
    sentAt: r.sentAt,
  };
}

export function toAction(r: {
  key: string;
  orderId: string;
  lineItemId: string;
  kind: string;
  status: string;
  detail: string;
  at: Date;
}): CustomerActionRecord {
  return {
    key: r.key,
    orderId: r.orderId,
    lineItemId: r.lineItemId,
    kind: r.kind as CustomerActionRecord["kind"],
    status: r.status as CustomerActionRecord["status"],
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    at: r.at,
  };
}

export function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}
