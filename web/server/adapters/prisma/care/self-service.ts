/**
 * What the self-service page and the deadline checks keep, for PrismaCareRepository: the customer's actions, the
 * merchant's to-do list and the wait incentives.
 */
import type { CareTaskRecord, CustomerActionRecord } from "../../../use-cases/customer-care/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import type { Db } from "../client.js";
import { isUniqueViolation, toAction } from "./rows.js";

export async function recordAction(
  db: Db,
  shop: ShopDomain,
  a: CustomerActionRecord,
): Promise<{ created: boolean; action: CustomerActionRecord }> {
  const existing = await getAction(db, shop, a.key);
  if (existing) return { created: false, action: existing };
  try {
    await db.customerAction.create({
      data: {
        shop,
        orderId: a.orderId,
        lineItemId: a.lineItemId,
        kind: a.kind,
        key: a.key,
        status: a.status,
        detail: JSON.stringify(a.detail),
        at: a.at,
      },
    });
    return { created: true, action: a };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const stored = await getAction(db, shop, a.key);
    if (!stored) throw e;
    return { created: false, action: stored };
  }
}

export async function getAction(db: Db, shop: ShopDomain, key: string): Promise<CustomerActionRecord | null> {
  const r = await db.customerAction.findUnique({ where: { shop_key: { shop, key } } });
  return r ? toAction(r) : null;
}

export async function retakeAction(
  db: Db,
  shop: ShopDomain,
  key: string,
  claimedAt: Date,
  at: Date,
): Promise<boolean> {
  const { count } = await db.customerAction.updateMany({
    where: { shop, key, status: "pending", at: claimedAt },
    data: { at },
  });
  return count === 1;
}

export async function retryAction(
  db: Db,
  shop: ShopDomain,
  key: string,
  claimedAt: Date,
  at: Date,
  detail: Record<string, unknown>,
): Promise<boolean> {
  const { count } = await db.customerAction.updateMany({
    where: { shop, key, status: "failed", at: claimedAt },
    data: { status: "pending", at, detail: JSON.stringify(detail) },
  });
  return count === 1;
}

export async function finishAction(
  db: Db,
  shop: ShopDomain,
  key: string,
  outcome: { status: "done" | "failed"; detail: Record<string, unknown> },
): Promise<void> {
  await db.customerAction.update({
    where: { shop_key: { shop, key } },
    data: { status: outcome.status, detail: JSON.stringify(outcome.detail) },
  });
}

export async function actionsOfOrder(
  db: Db,
  shop: ShopDomain,
  orderId: string,
): Promise<CustomerActionRecord[]> {
  const rows = await db.customerAction.findMany({ where: { shop, orderId }, orderBy: { at: "asc" } });
  return rows.map(toAction);
}

export async function addTask(
  db: Db,
  shop: ShopDomain,
  t: Omit<CareTaskRecord, "id" | "createdAt" | "resolvedAt">,
): Promise<boolean> {
  const key = { shop, lineItemId: t.lineItemId, kind: t.kind, dueOn: t.dueOn };
  if (await db.careTask.findUnique({ where: { shop_lineItemId_kind_dueOn: key } })) return false;
  try {
    await db.careTask.create({
      data: { ...key, orderId: t.orderId, detail: JSON.stringify(t.detail) },
    });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

export async function listTasks(db: Db, shop: ShopDomain, open: boolean): Promise<CareTaskRecord[]> {
  const rows = await db.careTask.findMany({
    where: { shop, ...(open ? { resolvedAt: null } : {}) },
    orderBy: [{ dueOn: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    lineItemId: r.lineItemId,
    orderId: r.orderId,
    kind: r.kind as CareTaskRecord["kind"],
    dueOn: r.dueOn,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    createdAt: r.createdAt,
    resolvedAt: r.resolvedAt,
  }));
}

export async function resolveTask(db: Db, shop: ShopDomain, id: string, at: Date): Promise<boolean> {
  const { count } = await db.careTask.updateMany({
    where: { shop, id, resolvedAt: null },
    data: { resolvedAt: at },
  });
  return count > 0;
}

export async function incentiveOf(
  db: Db,
  shop: ShopDomain,
  lineItemId: string,
): Promise<{ code: string } | null> {
  const r = await db.waitIncentive.findUnique({ where: { shop_lineItemId: { shop, lineItemId } } });
  return r ? { code: r.code } : null;
}

export async function saveIncentive(
  db: Db,
  shop: ShopDomain,
  i: { lineItemId: string; orderId: string; code: string; discountId: string | null },
): Promise<boolean> {
  try {
    await db.waitIncentive.create({ data: { shop, ...i } });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}
