/**
 * The merchant's actions for customers from the backorder list (staff-care.ts): what a delay notice and a cancel of
 * waiting units do, what they leave alone and why, and that doing one twice does nothing more. The backorder lines
 * and promises are the memory adapters under the real engine; the care repository (orders, settings, outbox) is the
 * SQLite one, which has no memory twin.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createSelfServiceTokens } from "../../../web/server/adapters/crypto/self-service-tokens.js";
import { createMemoryLogger } from "../../../web/server/adapters/logger.js";
import { createLiquidRenderer } from "../../../web/server/adapters/mail/liquid-renderer.js";
import { MemoryAvailabilityRepository } from "../../../web/server/adapters/memory/availability-repository.js";
import { MemoryBackorderRepository } from "../../../web/server/adapters/memory/backorder-repository.js";
import { PrismaCareRepository } from "../../../web/server/adapters/prisma/care-repository.js";
import { DEFAULT_CARE_SETTINGS } from "../../../web/server/domain/customer-care/settings.js";
import { parseCalendarDate } from "../../../web/server/domain/eta/calendar-date.js";
import type { Eta } from "../../../web/server/domain/eta/types.js";
import { ConflictError, NotFoundError } from "../../../web/server/errors.js";
import { createBackorderEngine } from "../../../web/server/use-cases/backorder/index.js";
import type { CustomerCareDeps } from "../../../web/server/use-cases/customer-care/context.js";
import type { CareShopify } from "../../../web/server/use-cases/customer-care/ports.js";
import { createSelfService } from "../../../web/server/use-cases/customer-care/self-service.js";
import {
  createStaffCare,
  type StaffCareAction,
  type StaffCarePlan,
} from "../../../web/server/use-cases/customer-care/staff-care.js";
import { DEFAULT_SHOP_SETTINGS } from "../../../web/server/use-cases/ports.js";
import {
  ENGINE_SHOP as SHOP,
  T,
  engineLevel as level,
  engineOrder as order,
  fakeBackorderShopify,
  itemGid as item,
  placeOnShopify,
  variantGid as variant,
} from "../../support/backorder-fakes.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";

const ETA: Eta = { kind: "date", date: parseCalendarDate("2026-03-20"), source: "supplier_feed" };
/** Order 1: line 11's 2 units both wait (variant 1 is at −2 after it). */
const ORDER = order(1, 1, [[11, 1, 2]]);
const LINE = ORDER.lines[0]!.lineItemId;
/** Order 2: line 21 is in stock (variant 2 has 5). */
const STOCKED = order(2, 2, [[21, 2, 1]]);
const IN_STOCK_LINE = STOCKED.lines[0]!.lineItemId;
/** Order 3: line 31 has 3 units of variant 3, which has 1 in stock: 1 ships, 2 wait. */
const PARTLY = order(3, 3, [[31, 3, 3]]);
const PARTLY_LINE = PARTLY.lines[0]!.lineItemId;

interface Setup {
  /** The customer's address on the order (null: none). */
  email?: string | null;
  /** The line has a promised date. */
  promised?: boolean;
  /** Messages the merchant turned off. */
  off?: ("delay" | "cancelled")[];
}

let database: TestDatabase | null = null;
afterEach(async () => {
  await database?.cleanup();
  database = null;
});

async function setup({ email = "ada@example.com", promised = true, off = [] }: Setup = {}) {
  database = await createTestDatabase("sqlite");
  const repository = new PrismaCareRepository(database.db);
  const backorders = new MemoryBackorderRepository({ now: () => T(30) });
  const promises = new MemoryAvailabilityRepository(backorders);
  const fake = fakeBackorderShopify();
  const logger = createMemoryLogger();
  const engine = createBackorderEngine({
    repository: backorders,
    shopify: fake.shopify,
    shops: { get: async () => ({ settings: DEFAULT_SHOP_SETTINGS }) as never },
    clock: { now: () => T(30) },
    logger,
  });
  await backorders.upsertVariants(
    SHOP,
    [1, 2, 3].map((n) => ({
      variantId: variant(n),
      productId: "gid://shopify/Product/1",
      inventoryItemId: item(n),
      sku: `SKU-${n}`,
      tracked: true,
      inventoryPolicy: "CONTINUE" as const,
      asOf: T(0),
    })),
  );
  await engine.applyInventoryLevel(SHOP, level(1, -2, 1), "l1");
  await engine.applyInventoryLevel(SHOP, level(2, 5, 1), "l2");
  await engine.applyInventoryLevel(SHOP, level(3, 1, 1), "l3");
  for (const o of [ORDER, STOCKED, PARTLY]) {
    placeOnShopify(fake, o);
    await engine.ingestOrder(SHOP, o, `w${o.name}`);
    await repository.upsertOrder(SHOP, {
      orderId: o.orderId,
      orderName: o.name,
      customerId: null,
      email,
      customerName: "Ada Lovelace",
      locale: "en",
      acknowledgedAt: null,
      currency: "EUR",
      lines: {},
    });
  }
  if (promised) {
    await promises.savePromiseChanges(SHOP, {
      created: [{ lineItemId: LINE, promised: ETA, promisedAt: T(1) }],
      revised: [],
      slips: [],
    });
  }
  const messages = { ...DEFAULT_CARE_SETTINGS.messages };
  for (const kind of off) messages[kind] = false;
  await repository.saveSettings(SHOP, { ...DEFAULT_CARE_SETTINGS, messages });

  const refunds: { lineItemId: string; units: number }[] = [];
  let refuse = false;
  const unused = () => Promise.reject(new Error("not used by staff care"));
  const shopify: CareShopify = {
    async refundUnits(_shop, input) {
      if (refuse) throw new Error("Shopify refused the refund");
      refunds.push({ lineItemId: input.lineItemId, units: input.units });
      return { refundId: `gid://shopify/Refund/${refunds.length}`, amount: "24.00", currency: "EUR" };
    },
    refundAmount: unused,
    swapUnits: unused,
    createDiscountCode: unused,
  };
  const deps: CustomerCareDeps = {
    repository,
    backorders,
    engine,
    promises,
    shops: { get: async () => null },
    shopify,
    mailer: null,
    mailFrom: "Waitwell <no-reply@waitwell.localhost>",
    renderer: createLiquidRenderer(),
    tokens: createSelfServiceTokens("test-secret"),
    timeZoneOf: async () => "UTC",
    storefrontOrigin: (shop) => `https://${shop}`,
    clock: { now: () => T(30) },
    logger,
  };
  const staff = createStaffCare(deps);
  const selfService = createSelfService({ ...deps, substitutesOf: async () => [] });
  const outbox = () => repository.listMessages(SHOP, { limit: 50 });
  return {
    staff,
    selfService,
    repository,
    backorders,
    refunds,
    outbox,
    refuseRefunds: () => (refuse = true),
  };
}

const plan = (fields: Partial<StaffCarePlan>): StaffCarePlan => ({
  orderId: ORDER.orderId,
  units: 2,
  email: "ada@example.com",
  skipped: null,
  ...fields,
});

describe("staff care: what the review says each action will do", () => {
  const cases: [
    name: string,
    action: StaffCareAction,
    setup: Setup,
    line: string,
    expected: StaffCarePlan,
  ][] = [
    ["a delay notice to a waiting line with a date and an address", "delay_notice", {}, LINE, plan({})],
    [
      "no delay notice without a promised date",
      "delay_notice",
      { promised: false },
      LINE,
      plan({ email: null, skipped: "no_promise" }),
    ],
    [
      "no delay notice without an address",
      "delay_notice",
      { email: null },
      LINE,
      plan({ email: null, skipped: "no_contact" }),
    ],
    [
      "no delay notice when the merchant turned the message off",
      "delay_notice",
      { off: ["delay"] },
      LINE,
      plan({ email: null, skipped: "message_off" }),
    ],
    [
      "no delay notice for a line in stock",
      "delay_notice",
      {},
      IN_STOCK_LINE,
      plan({ orderId: STOCKED.orderId, units: 0, email: null, skipped: "not_waiting" }),
    ],
    ["a cancel of the waiting units, told by email", "cancel_waiting", {}, LINE, plan({})],
    ["a cancel without a date still cancels", "cancel_waiting", { promised: false }, LINE, plan({})],
    [
      "a cancel without an address, told to nobody",
      "cancel_waiting",
      { email: null },
      LINE,
      plan({ email: null }),
    ],
    [
      "a cancel with the cancel message off, told to nobody",
      "cancel_waiting",
      { off: ["cancelled"] },
      LINE,
      plan({ email: null }),
    ],
    [
      "no cancel for a line in stock",
      "cancel_waiting",
      {},
      IN_STOCK_LINE,
      plan({ orderId: STOCKED.orderId, units: 0, email: null, skipped: "not_waiting" }),
    ],
  ];

  it.each(cases)("%s", async (_name, action, given, line, expected) => {
    const s = await setup(given);
    expect(await s.staff.plan(SHOP, action, line)).toEqual(expected);
    // A review writes nothing.
    expect(await s.outbox()).toEqual([]);
    expect(s.refunds).toEqual([]);
    expect(await s.backorders.getLine(SHOP, LINE)).toMatchObject({ quantity: 2 });
  });

  it("a line Waitwell does not know is not found", async () => {
    const s = await setup();
    await expect(s.staff.plan(SHOP, "delay_notice", "gid://shopify/LineItem/999")).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe("staff care: doing it", () => {
  it("a delay notice queues one message for the line's date and notes it on the line; a second finds it sent", async () => {
    const s = await setup();
    await s.staff.run(SHOP, "delay_notice", LINE, "staff-1");
    const [message, ...rest] = await s.outbox();
    expect(rest).toEqual([]);
    expect(message).toMatchObject({
      kind: "delay",
      eventKey: `delay:${LINE}:2026-03-20`,
      to: "ada@example.com",
      status: "pending",
    });
    const history = await s.backorders.lineHistory(SHOP, LINE);
    expect(history.at(-1)).toMatchObject({ cause: { kind: "staff", ref: "staff-1" } });
    expect(JSON.stringify(history.at(-1))).toContain("delay_notice_sent");

    expect(await s.staff.plan(SHOP, "delay_notice", LINE)).toMatchObject({ skipped: "already_notified" });
    await expect(s.staff.run(SHOP, "delay_notice", LINE, "staff-1")).rejects.toThrow(/already notified/);
    expect(await s.outbox()).toHaveLength(1);
  });

  it.each([
    ["told by email", {}, "pending", "ada@example.com"],
    [
      "the message off: kept as suppressed, not sent",
      { off: ["cancelled"] } as Setup,
      "suppressed",
      "ada@example.com",
    ],
  ] as const)(
    "a cancel refunds the waiting units on Shopify and takes them off the line, %s; a second does nothing",
    async (_name, given, status, to) => {
      const s = await setup(given);
      await s.staff.run(SHOP, "cancel_waiting", LINE, "staff-1");
      expect(s.refunds).toEqual([{ lineItemId: LINE, units: 2 }]);
      expect(await s.backorders.getLine(SHOP, LINE)).toMatchObject({ quantity: 0, status: "cancelled" });
      expect(await s.staff.plan(SHOP, "cancel_waiting", LINE)).toMatchObject({
        units: 0,
        skipped: "not_waiting",
      });
      const messages = await s.outbox();
      expect(messages).toEqual([
        expect.objectContaining({ kind: "cancelled", to, status, eventKey: `staff-cancel:${LINE}:2` }),
      ]);
      const data = messages[0]!.data;
      expect("action" in data ? data.action : null).toMatchObject({ units: 2 });

      await expect(s.staff.run(SHOP, "cancel_waiting", LINE, "staff-1")).rejects.toThrow(/not waiting/);
      expect(s.refunds).toHaveLength(1);
      expect(await s.outbox()).toHaveLength(1);
    },
  );

  it("a cancel without an address cancels and refunds, and queues no message", async () => {
    const s = await setup({ email: null });
    await s.staff.run(SHOP, "cancel_waiting", LINE, "staff-1");
    expect(s.refunds).toEqual([{ lineItemId: LINE, units: 2 }]);
    expect(await s.outbox()).toEqual([]);
  });

  it("a cancel Shopify refuses leaves the line as it was, tells nobody, and the caller gets Shopify's error", async () => {
    const s = await setup();
    const before = await s.backorders.lineHistory(SHOP, LINE);
    s.refuseRefunds();
    await expect(s.staff.run(SHOP, "cancel_waiting", LINE, "staff-1")).rejects.toThrow(
      "Shopify refused the refund",
    );
    expect(await s.backorders.getLine(SHOP, LINE)).toMatchObject({ quantity: 2, status: "backordered" });
    expect(await s.backorders.lineHistory(SHOP, LINE)).toEqual(before);
    expect(await s.staff.plan(SHOP, "cancel_waiting", LINE)).toEqual(plan({}));
    expect(await s.outbox()).toEqual([]);
  });

  // Removing the waiting units of a "backordered" line leaves only in-stock units: they never waited, and ship
  // (domain/backorder/line-state.ts, change_quantity), rather than "allocated" (a hold on units that never waited).
  it("a cancel of a line partly in stock leaves the in-stock unit to ship at once, with nothing waiting", async () => {
    const s = await setup();
    await s.staff.run(SHOP, "cancel_waiting", PARTLY_LINE, "staff-1");
    expect(s.refunds).toEqual([{ lineItemId: PARTLY_LINE, units: 2 }]);
    expect(await s.backorders.getLine(SHOP, PARTLY_LINE)).toMatchObject({
      quantity: 1,
      inStock: 1,
      allocated: 0,
      status: "in_stock",
    });
    const history = await s.backorders.lineHistory(SHOP, PARTLY_LINE);
    expect(history.map((h) => [h.event.type, h.from, h.to])).toEqual([
      ["decide", "new", "backordered"],
      ["change_quantity", "backordered", "in_stock"],
    ]);
    expect(await s.staff.plan(SHOP, "cancel_waiting", PARTLY_LINE)).toMatchObject({
      skipped: "not_waiting",
    });
  });

  it.each([
    ["a delay notice to a line with no date", "delay_notice", { promised: false }, /no promise/],
    ["a delay notice to a line in stock", "delay_notice", {}, /not waiting/],
    ["a cancel of a line in stock", "cancel_waiting", {}, /not waiting/],
  ] as const)(
    "%s is refused with a conflict naming why, and changes nothing",
    async (name, action, given, why) => {
      const s = await setup(given);
      const line = name.endsWith("in stock") ? IN_STOCK_LINE : LINE;
      const run = s.staff.run(SHOP, action, line, "staff-1");
      await expect(run).rejects.toBeInstanceOf(ConflictError);
      await expect(run).rejects.toThrow(why);
      expect(s.refunds).toEqual([]);
      expect(await s.outbox()).toEqual([]);
    },
  );
});

describe("the shopper's own cancel on the self-service page", () => {
  it("done: refunds the waiting units and takes them off the line", async () => {
    const s = await setup();
    const care = await s.repository.getOrder(SHOP, ORDER.orderId);
    const request = { kind: "cancel", lineItemId: LINE, key: "k1" } as const;
    expect(await s.selfService.act(SHOP, care!, request)).toBe("done");
    expect(s.refunds).toEqual([{ lineItemId: LINE, units: 2 }]);
    expect(await s.backorders.getLine(SHOP, LINE)).toMatchObject({ quantity: 0, status: "cancelled" });
    expect((await s.backorders.lineHistory(SHOP, LINE)).at(-1)).toMatchObject({
      cause: { kind: "customer", ref: `${ORDER.orderId}:k1` },
    });
  });

  it("refused by Shopify: the line is left as it was, nobody is told, and the action is failed with Shopify's error", async () => {
    const s = await setup();
    const care = await s.repository.getOrder(SHOP, ORDER.orderId);
    const before = await s.backorders.lineHistory(SHOP, LINE);
    s.refuseRefunds();
    const request = { kind: "cancel", lineItemId: LINE, key: "k1" } as const;
    expect(await s.selfService.act(SHOP, care!, request)).toBe("failed");
    expect(await s.backorders.getLine(SHOP, LINE)).toMatchObject({ quantity: 2, status: "backordered" });
    expect(await s.backorders.lineHistory(SHOP, LINE)).toEqual(before);
    expect(await s.outbox()).toEqual([]);
    const action = await s.repository.getAction(SHOP, `${ORDER.orderId}:k1`);
    expect(action).toMatchObject({ status: "failed", detail: { error: "Shopify refused the refund" } });
  });
});
