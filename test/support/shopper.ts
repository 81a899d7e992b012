/**
 * The shopper-after-checkout scenarios' stack and readers: the app + dev store with a real SMTP mailbox, the dev
 * store's state, an order's `$app.backorder` metafield, the merchant API, and dates a safe distance in the future.
 */
import { afterEach, expect } from "vitest";
import type { CallRecord } from "../../web/server/adapters/shopify/admin-client.js";
import { parseOrderMetafield } from "../../web/server/domain/backorder/index.js";
import { createTestDatabase, type TestDatabase } from "./db.js";
import { startTestMailbox, type TestMailbox } from "./mailbox.js";
import { devStoreControl, eventually, startTestStack } from "./stack.js";

export type Stack = Awaited<ReturnType<typeof startTestStack>>;

export interface StoreState {
  products: { id: string; variants: { id: string; sku: string }[] }[];
  metafields: { ownerId: string; namespace: string; key: string; type: string; value: string }[];
}

const running: { stack: Stack; mailbox?: TestMailbox; database: TestDatabase }[] = [];
afterEach(async () => {
  for (const { stack, mailbox, database } of running.splice(0)) {
    await stack.close();
    await mailbox?.close();
    await database.cleanup();
  }
});

export interface StartOptions {
  clock?: { now(): Date };
  /** Every Admin API call the app makes (its operation name), as it is made. */
  onAdminCall?: (call: CallRecord) => void;
}

/** The stack on a throwaway database of this kind, closed after the test; email goes where `env` says. */
async function startOn(
  kind: "sqlite" | "postgresql",
  env: Record<string, string>,
  options: StartOptions,
  mailbox?: TestMailbox,
): Promise<Stack> {
  // A copy of the migrated template (test/support/db.ts): the app need not run `prisma migrate deploy` again.
  const database = await createTestDatabase(kind);
  await database.db.$disconnect();
  const stack = await startTestStack({
    databaseUrl: database.url,
    migrate: false,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.onAdminCall ? { onAdminCall: options.onAdminCall } : {}),
    env: { MAIL_FROM: "Waitwell Demo <orders@waitwell.test>", MAIL_POLL_MS: "50", ...env },
  });
  running.push({ stack, ...(mailbox ? { mailbox } : {}), database });
  return stack;
}

/** The stack with a real SMTP server in the test process (`mailbox`). */
export async function start(
  kind: "sqlite" | "postgresql",
  options: StartOptions = {},
): Promise<{ stack: Stack; mailbox: TestMailbox }> {
  const mailbox = await startTestMailbox();
  const stack = await startOn(kind, { SMTP_URL: mailbox.url }, options, mailbox);
  return { stack, mailbox };
}

/** The stack as `npm start` runs it: email goes to the dev store's local mailbox (`/_devstore/mailbox`). */
export function startWithLocalMailbox(kind: "sqlite" | "postgresql"): Promise<Stack> {
  return startOn(kind, {}, {});
}

/** The English date Waitwell writes: "15 Dec 2026". */
export const written = (isoDay: string) => {
  const [y, m, d] = isoDay.split("-").map(Number) as [number, number, number];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${d} ${months[m - 1]} ${y}`;
};

export async function state(stack: Stack): Promise<StoreState> {
  const res = await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`);
  return (await res.json()) as StoreState;
}

export async function variantBySku(stack: Stack, sku: string): Promise<string> {
  for (const product of (await state(stack)).products) {
    const variant = product.variants.find((v) => v.sku === sku);
    if (variant) return variant.id;
  }
  throw new Error(`no variant ${sku} on the dev store`);
}

/** The order's `$app.backorder` metafield as the dev store holds it (what the order-status extension reads). */
export async function orderMetafield(stack: Stack, orderId: string) {
  const found = (await state(stack)).metafields.find(
    (m) => m.ownerId === orderId && m.key === "backorder" && /^app--[^-]+$/.test(m.namespace),
  );
  return found ? parseOrderMetafield(found.value) : null;
}

/** A call to the app's API with the dev store's session token; the body parsed (`{}` for a 204). */
export async function api<T = Record<string, unknown>>(
  stack: Stack,
  method: string,
  path: string,
  body?: unknown,
  type = "application/json",
) {
  const res = await fetch(`${stack.app.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${await stack.sessionToken()}`, "Content-Type": type },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return {
    status: res.status,
    body: (res.status === 204 ? {} : await res.json()) as T,
  };
}

export async function expectEventually(read: () => Promise<unknown>, expected: Record<string, unknown>) {
  await eventually(async () => {
    try {
      expect(await read()).toMatchObject(expected);
      return true;
    } catch {
      return false;
    }
  }, 30_000).catch(() => undefined);
  expect(await read()).toMatchObject(expected);
}

/** A Monday at least two weeks out: every date below is in the future. */
export const MONDAY = (() => {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + 14);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d;
})();
export const day = (days: number) =>
  new Date(MONDAY.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A customer's order of one RDP-24-EMB on a supplier date (promised day 8) that then slips five weeks: the
 * confirmation and the first delay notice have reached `email`. `moveTo(day)` sets the app's clock to that day.
 */
export async function slippedOrder(kind: "sqlite" | "postgresql", email: string) {
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const { stack, mailbox } = await start(kind, { clock: { now } });
  const pack = await variantBySku(stack, "RDP-24-EMB");
  await api(stack, "POST", "/api/rules", {
    scope: { kind: "variant", variantId: pack },
    settings: { mode: "when_out_of_stock", etaSource: { kind: "supplier_feed" }, handlingDays: 1 },
  });
  await api(stack, "POST", "/api/etas/import", `sku,eta,quantity\nRDP-24-EMB,${day(7)},10\n`, "text/csv");
  await stack.app.availabilitySync.idle();
  const placed = await devStoreControl<{ id: string; lineItems: { id: string }[] }>(stack, "/orders", {
    lines: [{ variantId: pack, quantity: 1 }],
    customer: { email, firstName: email.split("@")[0] },
  });
  await eventually(async () => mailbox.to(email)[0], 30_000); // confirmation, promised day 8
  // The supplier slips by five weeks: the first delay notice goes out (silence covers at most 30 days more).
  await api(stack, "POST", "/api/etas/import", `sku,eta,quantity\nRDP-24-EMB,${day(45)},10\n`, "text/csv");
  await eventually(async () => mailbox.to(email)[1], 30_000);
  const moveTo = (isoDay: string) => {
    offsetMs = Date.parse(isoDay) - Date.now();
  };
  return { stack, mailbox, placed, line: placed.lineItems[0]!, now, moveTo };
}

/**
 * A deadline cancel as an earlier pass left it in the database: claimed and killed ("pending") or failed, under the
 * key the pass uses (line and deadline day), at `when`.
 */
export async function recordDeadlineCancel(
  stack: Stack,
  at: { orderId: string; lineItemId: string; key: string; when: Date },
  status: "pending" | "failed",
  detail: Record<string, unknown> = {},
): Promise<void> {
  await stack.app.db.customerAction.create({
    data: {
      shop: stack.shop,
      orderId: at.orderId,
      lineItemId: at.lineItemId,
      kind: "cancel",
      key: at.key,
      status,
      detail: JSON.stringify(detail),
      at: at.when,
    },
  });
}

/** The dev store's current quantity of an order's first line. */
export async function firstLineQuantity(stack: Stack, orderId: string): Promise<number> {
  const order = (await state(stack)) as unknown as {
    orders: { id: string; lineItems: { currentQuantity: number }[] }[];
  };
  return order.orders.find((o) => o.id === orderId)!.lineItems[0]!.currentQuantity;
}
