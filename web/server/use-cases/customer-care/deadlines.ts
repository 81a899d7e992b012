/**
 * The delivery-law job, per shop (jobs/customer-care.ts runs it every CARE_INTERVAL_MS): for each waiting line of an
 * order with a contact, the compliance rules of the jurisdictions the merchant picked say what is due today.
 * - a renewed notice (US) before the revised date, asking for express consent;
 * - a first delay notice the slip path did not send (e.g. no date was stated and the 30-day default is missed);
 * - at the deadline without consent: mode "automatic" cancels and refunds the waiting units; "ask_me" puts the line
 *   on the merchant's to-do list.
 * Every notice and cancellation is in the line's history; all of it is keyed, so a second run the same day adds nothing.
 * Also gives the wait incentive (a single-use code) to lines that waited the merchant's number of days.
 */
import type { DelayConsent, DelayNotice } from "../../domain/compliance/index.js";
import { deadlineStep, failedCancelStep } from "../../domain/customer-care/deadlines.js";
import { etaKey, eventKeys, messageLocale, moneyText } from "../../domain/customer-care/messages.js";
import type { CalendarDate } from "../../domain/eta/index.js";
import { NotFoundError, ShopifyUserError, ValidationError } from "../../errors.js";
import { dayInZone } from "../availability/shop-calendar.js";
import type { ShopDomain } from "../ports.js";
import {
  enqueueMessage,
  messageLines,
  orderOutlook,
  removeWaitingUnits,
  type CustomerCareDeps,
  type LineOutlook,
} from "./context.js";
import type { CareOrder, CustomerActionRecord } from "./ports.js";

const PAGE = 200;

export interface DeadlineReport {
  lines: number;
  notices: number;
  cancelled: number;
  toDo: number;
  incentives: number;
}

/** One waiting line of one order, as the run looks at it; deadlines count in the shop's days (`day`). */
interface LineTurn {
  deps: CustomerCareDeps;
  shop: ShopDomain;
  day: (at: Date) => CalendarDate;
  order: CareOrder;
  o: LineOutlook;
  report: DeadlineReport;
}

type DeadlineStep = ReturnType<typeof deadlineStep>["step"];

export function createDeadlines(deps: CustomerCareDeps) {
  const { repository: repo, logger } = deps;
  return async function runDeadlines(shop: ShopDomain): Promise<DeadlineReport> {
    const report: DeadlineReport = { lines: 0, notices: 0, cancelled: 0, toDo: 0, incentives: 0 };
    let after: string | null = null;
    const timeZone = await deps.timeZoneOf(shop);
    const day = (at: Date) => dayInZone(at, timeZone);
    for (;;) {
      const orders = await repo.listOrders(shop, after, PAGE);
      if (orders.length === 0) break;
      for (const order of orders) {
        for (const o of await orderOutlook(deps, shop, order)) {
          if (o.waiting === 0) continue;
          report.lines += 1;
          const turn: LineTurn = { deps, shop, day, order, o, report };
          await lineStep(turn);
          await incentive(turn).catch((e: unknown) =>
            logger.warn("wait incentive failed", {
              shop,
              lineItemId: o.line.lineItemId,
              error: e instanceof Error ? e.message : String(e),
            }),
          );
        }
      }
      after = orders.at(-1)!.orderId;
    }
    return report;
  };
}

/** Deadlines count in the shop's days: a notice due "today" is due on the merchant's calendar, not UTC's. */
async function lineStep(turn: LineTurn): Promise<void> {
  const { deps, shop, day, o } = turn;
  const { repository: repo, clock } = deps;
  const settings = await repo.getSettings(shop);
  if (!o.promise || o.waiting === 0) return;
  const id = o.line.lineItemId;
  const [notices, consents] = await Promise.all([
    repo.noticesOfLines(shop, [id]),
    repo.consentsOfLines(shop, [id]),
  ]);
  const today = day(clock.now());
  const { step } = deadlineStep({
    jurisdictions: settings.law.jurisdictions,
    orderedOn: day(new Date(o.line.orderCreatedAt)),
    promised: o.promise.promised,
    current: o.promise.current,
    today,
    notices: notices.map((n): DelayNotice => ({ sentOn: n.sentOn as CalendarDate, revised: n.revised })),
    consents: consents
      .filter((c) => c.kind === "accepted_new_date")
      .map((c): DelayConsent => ({ on: day(c.givenAt), agreedTo: c.eta })),
    transitDays: settings.law.transitDays,
  });
  switch (step.kind) {
    case "none":
      return;
    case "delay_notice":
    case "renewed_notice":
      return sendNotice(turn, step, today);
    case "deadline_reached": {
      const dueOn = step.deadline ?? today;
      if (settings.law.mode === "ask_me") return addDeadlineTask(turn, step.jurisdiction, dueOn);
      return cancelAtDeadline(turn, step.jurisdiction, dueOn);
    }
  }
}

/** A delay notice, or the US renewed notice asking for express consent, keyed so a second run sends nothing. */
async function sendNotice(
  { deps, shop, order, o, report }: LineTurn,
  step: Extract<DeadlineStep, { kind: "delay_notice" | "renewed_notice" }>,
  today: CalendarDate,
): Promise<void> {
  if (!o.promise) return;
  const id = o.line.lineItemId;
  const kind = step.kind === "delay_notice" ? "delay" : "renewed";
  const key =
    kind === "delay"
      ? eventKeys.delay(id, o.promise.current)
      : eventKeys.renewed(id, step.kind === "renewed_notice" ? step.deadline : today);
  const outlook = await orderOutlook(deps, shop, order);
  const result = await enqueueMessage(deps, shop, {
    kind,
    eventKey: key,
    order,
    lines: messageLines(outlook, messageLocale(order.locale), { only: new Set([id]) }),
    notices: [{ lineItemId: id, kind, revised: o.promise.current }],
  });
  if (result !== "queued") return;
  report.notices += 1;
  await deps.engine.applyLineEvent(
    shop,
    id,
    {
      type: "note",
      note: kind === "delay" ? "delay_notice_sent" : "renewed_notice_sent",
      detail: etaKey(o.promise.current),
    },
    { kind: "job", ref: key },
  );
}

/** Mode "ask_me": the deadline passed without consent, so the line goes on the merchant's to-do list (once). */
async function addDeadlineTask(
  { deps, shop, order, o, report }: LineTurn,
  jurisdiction: string,
  dueOn: CalendarDate,
): Promise<void> {
  const id = o.line.lineItemId;
  const added = await deps.repository.addTask(shop, {
    lineItemId: id,
    orderId: order.orderId,
    kind: "deadline_without_consent",
    dueOn,
    detail: { jurisdiction, waiting: o.waiting, eta: o.promise?.current },
  });
  if (!added) return;
  report.toDo += 1;
  await deps.engine.applyLineEvent(
    shop,
    id,
    { type: "note", note: "deadline_to_do", detail: `${jurisdiction} ${dueOn}` },
    { kind: "job", ref: `deadline:${id}:${dueOn}` },
  );
}

/**
 * Mode "automatic": the waiting units are cancelled and refunded, and the customer is told. The action is claimed
 * first (keyed by line and day), so two runs never refund twice. A failure is recorded on the action with its count
 * of attempts: a later pass tries again (failedCancelStep), and once it gives up the line goes on the merchant's
 * to-do list with the error.
 */
async function cancelAtDeadline(turn: LineTurn, jurisdiction: string, dueOn: CalendarDate): Promise<void> {
  const { deps, shop, order, o, report } = turn;
  const { repository: repo, clock, logger } = deps;
  const id = o.line.lineItemId;
  const ref = `deadline:${id}:${dueOn}`;
  const claimed = await repo.recordAction(shop, {
    key: ref,
    orderId: order.orderId,
    lineItemId: id,
    kind: "cancel",
    status: "pending",
    detail: { jurisdiction, attempts: 1 },
    at: clock.now(),
  });
  const attempts = claimed.created ? 1 : await claimAgain(deps, shop, claimed.action);
  if (attempts === null) return;
  try {
    await deps.engine.applyLineEvent(
      shop,
      id,
      { type: "note", note: "deadline_cancelled", detail: `${jurisdiction} ${dueOn}` },
      { kind: "job", ref },
    );
    const refund = await removeWaitingUnits(deps, shop, o, { kind: "job", ref }, () =>
      deps.shopify.refundUnits(shop, {
        orderId: order.orderId,
        lineItemId: id,
        units: o.waiting,
        note: `Waitwell: delivery deadline (${jurisdiction}) passed without the customer's consent`,
        locationId: null,
      }),
    );
    await enqueueMessage(deps, shop, {
      kind: "cancelled",
      eventKey: eventKeys.customerAction(ref),
      order,
      lines: [],
      action: { units: o.waiting, refund: moneyText(refund.amount, refund.currency), substitute: null },
    });
    await repo.finishAction(shop, ref, {
      status: "done",
      detail: { jurisdiction, attempts, refundId: refund.refundId },
    });
    report.cancelled += 1;
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    const transient = isTransient(e);
    const now = clock.now();
    const gaveUp = failedCancelStep({ attempts, transient, lastAt: now, now }) === "give_up";
    await repo.finishAction(shop, ref, {
      status: "failed",
      detail: { jurisdiction, attempts, transient, gaveUp, error },
    });
    logger.warn("automatic cancellation at the deadline failed", {
      shop,
      lineItemId: id,
      attempts,
      gaveUp,
      error,
    });
    if (gaveUp) await failedCancelTask(turn, { jurisdiction, dueOn, attempts, error });
  }
}

/** Refused by Shopify (user errors) or about a line or input that is not there: another attempt would fail alike. */
function isTransient(e: unknown): boolean {
  return !(e instanceof ShopifyUserError || e instanceof ValidationError || e instanceof NotFoundError);
}

/** The cancel gave up: the merchant is asked to act on the line (to-do list, once per line and deadline). */
async function failedCancelTask(
  { deps, shop, order, o, report }: LineTurn,
  f: { jurisdiction: string; dueOn: CalendarDate; attempts: number; error: string },
): Promise<void> {
  const added = await deps.repository.addTask(shop, {
    lineItemId: o.line.lineItemId,
    orderId: order.orderId,
    kind: "deadline_without_consent",
    dueOn: f.dueOn,
    detail: {
      jurisdiction: f.jurisdiction,
      waiting: o.waiting,
      eta: o.promise?.current,
      orderName: order.orderName,
      cancelFailed: { attempts: f.attempts, error: f.error },
    },
  });
  if (added) report.toDo += 1;
}

/**
 * The number of the attempt a later pass may make on a cancel already claimed, or null when it may not: a claim
 * abandoned by a dead process is taken over (same attempt), a failed one is claimed again once its back-off passed
 * (compare-and-set, so one process wins). A failure recorded before attempts were counted counts as one transient.
 */
async function claimAgain(
  deps: LineTurn["deps"],
  shop: ShopDomain,
  action: CustomerActionRecord,
): Promise<number | null> {
  const attempts = typeof action.detail.attempts === "number" ? action.detail.attempts : 1;
  if (action.status === "pending") return (await retakeAbandoned(deps, shop, action)) ? attempts : null;
  if (action.status !== "failed" || action.detail.gaveUp === true) return null;
  const now = deps.clock.now();
  const transient = action.detail.transient !== false;
  if (failedCancelStep({ attempts, transient, lastAt: action.at, now }) !== "retry") return null;
  const detail = { ...action.detail, attempts: attempts + 1 };
  return (await deps.repository.retryAction(shop, action.key, action.at, now, detail)) ? attempts + 1 : null;
}

/** A claim pending this long was left by a process that died between its claim and its outcome (kill -9, OOM). */
const ABANDONED_CLAIM_MS = 15 * 60_000;

/**
 * A deadline cancel claimed by a process that died before it finished would otherwise never run (its key is the
 * line and day): the next pass takes such a claim over, once, and carries the cancel out. A refund the dead process
 * did make has already taken the units off the line on Shopify (refunded units cannot be refunded twice).
 */
async function retakeAbandoned(
  deps: LineTurn["deps"],
  shop: ShopDomain,
  action: CustomerActionRecord,
): Promise<boolean> {
  const now = deps.clock.now();
  if (action.status !== "pending" || now.getTime() - action.at.getTime() < ABANDONED_CLAIM_MS) return false;
  return deps.repository.retakeAction(shop, action.key, action.at, now);
}

/** A single-use code for a customer who has waited the merchant's number of days (off by default). */
async function incentive({ deps, shop, order, o, report }: LineTurn): Promise<void> {
  const { repository: repo, clock } = deps;
  const settings = await repo.getSettings(shop);
  if (!settings.incentive.enabled || o.waiting === 0 || !order.customerId) return;
  const waitedDays = (clock.now().getTime() - new Date(o.line.orderCreatedAt).getTime()) / 86_400_000;
  if (waitedDays < settings.incentive.afterDays) return;
  const id = o.line.lineItemId;
  if (await repo.incentiveOf(shop, id)) return;
  const code = `WAIT-${id.slice(id.lastIndexOf("/") + 1).slice(-6)}-${Math.abs(hash(shop + id))
    .toString(36)
    .slice(0, 4)
    .toUpperCase()}`;
  const now = clock.now();
  const { discountId } = await deps.shopify.createDiscountCode(shop, {
    code,
    title: `Waitwell: thank you for waiting (${order.orderName})`,
    percentage: settings.incentive.percentage,
    customerId: order.customerId,
    startsAt: now,
    endsAt: new Date(now.getTime() + 90 * 86_400_000),
  });
  if (!(await repo.saveIncentive(shop, { lineItemId: id, orderId: order.orderId, code, discountId }))) return;
  const outlook = await orderOutlook(deps, shop, order);
  await enqueueMessage(deps, shop, {
    kind: "incentive",
    eventKey: eventKeys.incentive(id),
    order,
    lines: messageLines(outlook, messageLocale(order.locale), { only: new Set([id]) }),
    discountCode: code,
  });
  await deps.engine.applyLineEvent(
    shop,
    id,
    { type: "note", note: "incentive_sent", detail: code },
    { kind: "job", ref: eventKeys.incentive(id) },
  );
  report.incentives += 1;
}

/** A small stable string hash (the code's suffix): not a secret, only distinct per line. */
function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}
