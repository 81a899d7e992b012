/**
 * Every figure the dashboard shows, computed by the real repository on SQLite and PostgreSQL over known lines
 * (seed.ts says how each number comes about), through the use case and the HTTP routes.
 */
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../web/server/adapters/logger.js";
import { createShopifyLib } from "../../web/server/adapters/shopify/shopify-lib.js";
import { PrismaInsightsRepository } from "../../web/server/adapters/prisma/insights-repository.js";
import { loadConfig } from "../../web/server/config.js";
import type { CalendarDate } from "../../web/server/domain/eta/index.js";
import { createApp } from "../../web/server/http/create-app.js";
import { createAppUseCases } from "../../web/server/main.js";
import { createPrismaRepositories } from "../../web/server/adapters/prisma/index.js";
import { createInsights, type Insights } from "../../web/server/use-cases/insights/index.js";
import { DEFAULT_SHOP_SETTINGS } from "../../web/server/use-cases/ports.js";
import {
  createTestDatabase,
  postgresSuiteMode,
  type DatabaseKind,
  type TestDatabase,
} from "../support/db.js";
import { signJwt, FakeTokenExchange } from "../http/harness.js";
import { NOW, SHOP, lineId, seedInsights, variant } from "./seed.js";

const pgMode = await postgresSuiteMode();

for (const kind of ["sqlite", "postgresql"] as DatabaseKind[]) {
  describe.skipIf(kind === "postgresql" && pgMode === "skip")(`insights on ${kind}`, () => {
    let database: TestDatabase;
    let insights: Insights;
    beforeEach(async () => {
      database = await createTestDatabase(kind);
      await seedInsights(database.db);
      insights = createInsights({
        repository: new PrismaInsightsRepository(database.db),
        shopFacts: { read: async () => ({ currency: "EUR", timeZone: "UTC" }) },
        clock: { now: () => NOW },
        settingsOf: async () => DEFAULT_SHOP_SETTINGS,
        care: {
          law: async () => ({ jurisdictions: ["US"], transitDays: 0 }),
          notices: async () => [],
          consents: async () => [],
        },
        rules: {
          listRules: async () => [],
          supplierDates: async () => [{ variantId: variant(1), expectedOn: "2026-08-10" as CalendarDate }],
        },
        incoming: async () => new Map([[variant(1), 4]]),
      });
    });
    afterEach(() => database.cleanup());

    it("records the ship day of a line that waited, and the units each line first ordered", async () => {
      const rows = await database.db.backorderLine.findMany({
        where: { shop: SHOP },
        select: { lineItemId: true, shippedAt: true, orderedUnits: true },
        orderBy: { lineItemId: "asc" },
      });
      const byId = new Map(rows.map((r) => [r.lineItemId, r]));
      expect(byId.get(lineId(6))?.shippedAt?.toISOString()).toBe("2026-07-30T12:00:00.000Z");
      expect(byId.get(lineId(6))?.orderedUnits).toBe(2);
      expect(byId.get(lineId(7))?.shippedAt).toBeNull();
      expect(byId.get(lineId(2))?.orderedUnits).toBe(4);
    });

    it("sums what waits, its value, the oldest wait, the ageing and what is at risk", async () => {
      const o = await insights.overview(SHOP);
      expect(o.currency).toBe("EUR");
      expect(o.today).toBe("2026-07-31");
      // 2 + 3 + 1 + 5 units on 4 lines of orders 1, 2, 3, 4; 5 × 20.00 + 1 × 5.50, variant 3 unpriced.
      expect(o.waiting).toEqual({
        units: 11,
        lines: 4,
        orders: 4,
        value: { amount: "105.50", unpricedUnits: 5 },
      });
      expect(o.oldest).toMatchObject({
        lineItemId: lineId(3),
        orderName: "#1003",
        days: 40,
        units: 1,
        title: "Camp Mug",
      });
      expect(o.ageing).toEqual([
        { bucket: "0-7", units: 2, lines: 1 },
        { bucket: "8-14", units: 3, lines: 1 },
        { bucket: "15-30", units: 5, lines: 1 },
        { bucket: "30+", units: 1, lines: 1 },
      ]);
      expect(o.atRisk).toMatchObject({ overdue: 1, dueSoon: 1, deadlinesComing: 3, checkedLines: 4 });
      expect(o.atRisk.lines.map((l) => [l.lineItemId, l.promise, l.deadline?.daysLeft])).toEqual([
        [lineId(3), null, -10],
        [lineId(2), "overdue", -6],
        [lineId(1), "due_soon", 0],
      ]);
    });

    it("charts demand per variant and week, and lists what to reorder", async () => {
      const demand = await insights.demand(SHOP);
      expect(demand.weeks).toHaveLength(8);
      expect(demand.series.map((s) => [s.title, s.units, s.total])).toEqual([
        ["Trailblazer Boot – 9", [0, 0, 0, 0, 0, 2, 4, 3], 9],
        ["Rain Shell – M", [0, 0, 0, 0, 0, 5, 0, 0], 5],
        ["Camp Mug", [0, 0, 1, 0, 0, 0, 2, 1], 4],
      ]);

      const reorder = await insights.reorder(SHOP);
      expect(reorder.method).toEqual({ demandWindowDays: 28, defaultLeadTimeDays: 14 });
      // v3: 5 + ⌈5 × 14 / 28⌉ = 8; v1: 5 + ⌈9 × 10 / 28⌉ − 4 = 5; v2: 1 + ⌈3 × 14 / 28⌉ = 3.
      expect(
        reorder.lines.map((l) => [
          l.variantId,
          l.waitingUnits,
          l.orderedInWindow,
          l.leadTime,
          l.incoming,
          l.suggested,
        ]),
      ).toEqual([
        [variant(3), 5, 5, { days: 14, source: "default" }, 0, 8],
        [variant(1), 5, 9, { days: 10, source: "supplier_feed" }, 4, 5],
        [variant(2), 1, 3, { days: 14, source: "default" }, 0, 3],
      ]);
    });

    it("compares promised with actual ship days per SKU and vendor", async () => {
      const accuracy = await insights.accuracy(SHOP, 90);
      expect(accuracy.overall).toMatchObject({
        shipped: 1,
        onTime: 0,
        late: 1,
        onTimePercent: 0,
        averageDaysLate: 2,
      });
      expect(accuracy.bySku).toEqual([
        expect.objectContaining({ key: "BOOT-9", shipped: 1, maxDaysLate: 2 }),
      ]);
      expect(accuracy.byVendor).toEqual([expect.objectContaining({ key: "Acme", late: 1 })]);
    });

    it("serves the figures over HTTP, checks the query, and exports the reorder list as safe CSV", async () => {
      const config = loadConfig({ WAITWELL_MODE: "local" });
      const logger = createMemoryLogger();
      const repositories = createPrismaRepositories(database.db);
      const app = createApp({
        config,
        logger,
        shopify: createShopifyLib(config, logger),
        useCases: createAppUseCases({
          config,
          repositories,
          clock: { now: () => NOW },
          logger,
          tokenExchange: new FakeTokenExchange(),
          healthProbe: { ping: async () => {} },
          webhookHandlers: {},
          inboxNotifier: { nudge: () => {} },
          insights,
        }),
      });
      await repositories.sessions.store({
        id: `offline_${SHOP}`,
        shop: SHOP,
        state: "",
        isOnline: false,
        scope: null,
        expires: null,
        accessToken: "shpat_test",
      });
      const now = Math.floor(Date.now() / 1000);
      const token = signJwt(
        {
          iss: `https://${SHOP}/admin`,
          dest: `https://${SHOP}`,
          aud: config.shopify.apiKey,
          sub: "42",
          exp: now + 60,
          nbf: now,
          iat: now,
          jti: "j",
          sid: "s",
        },
        config.shopify.apiSecret,
      );
      const get = (path: string) => request(app).get(path).set("Authorization", `Bearer ${token}`);

      const overview = await get("/api/insights/overview");
      expect(overview.status).toBe(200);
      expect(overview.body.waiting.units).toBe(11);
      expect((await get("/api/insights/accuracy?days=3")).status).toBe(400);
      expect((await get("/api/insights/overview?x=1")).body).toMatchObject({ error: expect.anything() });
      expect((await get("/api/insights/accuracy?days=30")).body.overall.shipped).toBe(1);

      const csv = await get("/api/insights/reorder.csv");
      expect(csv.status).toBe(200);
      expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
      expect(csv.headers["content-disposition"]).toMatch(
        /attachment; filename="reorder-\d{4}-\d\d-\d\d\.csv"/,
      );
      const rows = csv.text
        .replace(/^\uFEFF/, "")
        .trimEnd()
        .split("\r\n");
      expect(rows[0]).toBe(
        "SKU,Product,Waiting units,Ordered (last 28 days),Lead time (days),Lead time from,Expected demand,Incoming,Suggested reorder,Variant ID",
      );
      expect(rows.slice(1)).toEqual([
        `SHELL-M,Rain Shell – M,5,5,14,default,3,0,8,${variant(3)}`,
        `BOOT-9,Trailblazer Boot – 9,5,9,10,supplier_feed,4,4,5,${variant(1)}`,
        // The SKU "=MUG" would be a formula in a spreadsheet: it is written as text.
        `'=MUG,Camp Mug,1,3,14,default,2,0,3,${variant(2)}`,
      ]);
    });
  });
}
