import type {
  CareOrder,
  CareTaskRecord,
  CustomerActionRecord,
  LineConsentRecord,
  LineNoticeRecord,
  StoredMessage,
  TemplateRecord,
} from "../../use-cases/customer-care/ports.js";
import type { ShopDomain } from "../../use-cases/ports.js";

/** The rows of MemoryCareRepository: a record with its shop and its insertion number (for ties, like a row id). */
export type Owned<T> = T & { shop: ShopDomain; seq: number };
export type MessageRow = StoredMessage & { seq: number; lockedUntil: Date | null };
export type IncentiveRow = Owned<{
  lineItemId: string;
  orderId: string;
  code: string;
  discountId: string | null;
}>;

/** Customer care's tables, each a Map from the row's key. */
export interface CareTables {
  orders: Map<string, Owned<CareOrder>>;
  /** A shop's settings as stored JSON. */
  settings: Map<ShopDomain, string>;
  consents: Map<string, Owned<LineConsentRecord>>;
  notices: Map<string, Owned<LineNoticeRecord>>;
  messages: Map<string, MessageRow>;
  templates: Map<string, Owned<TemplateRecord>>;
  actions: Map<string, Owned<CustomerActionRecord>>;
  tasks: Map<string, Owned<CareTaskRecord>>;
  incentives: Map<string, IncentiveRow>;
}

export const key = (...parts: (string | number)[]) => parts.join("|");
export const bySeq = (a: { seq: number }, b: { seq: number }) => a.seq - b.seq;
export const byTime = (a: Date, b: Date) => a.getTime() - b.getTime();

export function removeWhere<T>(rows: Map<string, T>, test: (row: T) => boolean): number {
  let removed = 0;
  for (const [k, row] of rows) {
    if (test(row)) {
      rows.delete(k);
      removed += 1;
    }
  }
  return removed;
}

export function orderOf({ shop: _shop, seq: _seq, ...order }: Owned<CareOrder>): CareOrder {
  return structuredClone(order);
}

export function messageOf({ seq: _seq, lockedUntil: _lockedUntil, ...m }: MessageRow) {
  return structuredClone(m);
}

export function templateOf({ shop: _shop, seq: _seq, ...t }: Owned<TemplateRecord>): TemplateRecord {
  return { ...t };
}

export function actionOf({
  shop: _shop,
  seq: _seq,
  ...a
}: Owned<CustomerActionRecord>): CustomerActionRecord {
  return structuredClone(a);
}
