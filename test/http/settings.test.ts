import { describe, expect, it } from "vitest";
import { DEFAULT_SHOP_SETTINGS } from "../../web/server/use-cases/ports.js";
import { SETTINGS_LIMITS } from "../../web/server/domain/settings/index.js";
import { OTHER_SHOP, SHOP, createAvailabilityApp, vid } from "../support/availability.js";

/** Every answer carries the defaults and bounds the admin's form shows. */
const answer = (settings: unknown) => ({
  settings,
  defaults: DEFAULT_SHOP_SETTINGS,
  limits: SETTINGS_LIMITS,
});

describe("settings API", () => {
  it("GET gives the shop's settings, the defaults for a new shop", async () => {
    const h = createAvailabilityApp();
    const res = await h.get("/api/settings");
    expect(res.status).toBe(200);
    expect(res.body).toEqual(answer(DEFAULT_SHOP_SETTINGS));
  });

  it("PATCH changes only the fields given, merges allocation rules, and persists", async () => {
    const h = createAvailabilityApp();
    const res = await h.patch("/api/settings").send({
      backorderTag: " preorder ",
      allocation: { priorityTags: ["VIP"], partial: "never" },
      holidays: ["2026-12-25", "2026-12-24", "2026-12-25"],
    });
    expect(res.status).toBe(200);
    const expected = {
      ...DEFAULT_SHOP_SETTINGS,
      backorderTag: "preorder",
      allocation: { ...DEFAULT_SHOP_SETTINGS.allocation, priorityTags: ["VIP"], partial: "never" },
      holidays: ["2026-12-24", "2026-12-25"],
    };
    expect(res.body).toEqual(answer(expected));

    const again = await h.patch("/api/settings").send({
      allocation: { minPartialUnits: 2 },
      substitutePriceBand: { belowPercent: 20, abovePercent: 10 },
      weekend: [7, 6, 5],
    });
    const merged = {
      ...expected,
      allocation: { ...expected.allocation, minPartialUnits: 2 },
      substitutePriceBand: { belowPercent: 20, abovePercent: 10 },
      weekend: [5, 6, 7],
    };
    expect(again.body).toEqual(answer(merged));
    expect((await h.get("/api/settings")).body).toEqual(answer(merged));
    expect((await h.repositories.shops.get(SHOP))?.settings).toEqual(merged);
    // Another shop's settings are its own.
    expect((await h.get("/api/settings", OTHER_SHOP)).body).toEqual(answer(DEFAULT_SHOP_SETTINGS));

    const cleared = await h.patch("/api/settings").send({ substitutePriceBand: null });
    expect(cleared.body.settings.substitutePriceBand).toBeNull();
  });

  it("400 names every bad field of the shape at once and stores nothing", async () => {
    const h = createAvailabilityApp();
    const res = await h.patch("/api/settings").send({
      holidays: ["2026-02-30", "next friday"],
      substitutePriceBand: { belowPercent: -5, abovePercent: 10 },
      allocation: { minPartialUnits: 0 },
      colour: "red",
    });
    expect(res.status).toBe(400);
    const message = res.body.error.message as string;
    expect(message).toMatch(/^Invalid body: /);
    expect(message).toContain("holidays.0: expected a real date as YYYY-MM-DD");
    expect(message).toContain("holidays.1: expected a real date as YYYY-MM-DD");
    for (const field of ["substitutePriceBand.belowPercent: ", "allocation.minPartialUnits: ", "colour"])
      expect(message).toContain(field);
    expect((await h.get("/api/settings")).body).toEqual(answer(DEFAULT_SHOP_SETTINGS));
    expect(h.requested).toEqual([]);
  });

  it("400 for settings the domain refuses: a calendar with no working day, an empty priority tag", async () => {
    const h = createAvailabilityApp();
    const closed = await h.patch("/api/settings").send({ weekend: [1, 2, 3, 4, 5, 6, 7] });
    expect(closed.status).toBe(400);
    expect(closed.body.error.message).toBe(
      "Invalid settings: weekend: at least one weekday must be a working day",
    );
    const tags = await h.patch("/api/settings").send({ allocation: { priorityTags: ["vip", "  "] } });
    expect(tags.status).toBe(400);
    expect(tags.body.error.message).toMatch(/^Invalid body: allocation\.priorityTags\.1: /);
    const notJson = await h.patch("/api/settings").set("Content-Type", "application/json").send("{");
    expect(notJson.status).toBe(400);
    expect((await h.get("/api/settings")).body).toEqual(answer(DEFAULT_SHOP_SETTINGS));
  });

  it("400 for a tag with a NUL or half a surrogate pair (PostgreSQL and Prisma refuse them: a 500 after the fact)", async () => {
    const h = createAvailabilityApp();
    for (const tag of ["pre\u0000order", "\ud800", "ok\udc00"]) {
      const res = await h
        .patch("/api/settings")
        .send({ backorderTag: tag, allocation: { priorityTags: ["vip"] } });
      expect({ tag, status: res.status, message: res.body.error?.message }).toEqual({
        tag,
        status: 400,
        message: "Invalid body: backorderTag: text with a NUL character or an unpaired UTF-16 surrogate",
      });
    }
    expect((await h.patch("/api/settings").send({ backorderTag: "précommande 😀" })).status).toBe(200);
    expect((await h.get("/api/settings")).body.settings).toMatchObject({
      backorderTag: "précommande 😀",
      allocation: { priorityTags: [] },
    });
  });

  it("a change that moves ETAs re-syncs the shop in the background; other changes do not", async () => {
    const h = createAvailabilityApp();
    await h.patch("/api/settings").send({ backorderTag: "waiting", shipTogether: true });
    expect(h.requested).toEqual([]);
    await h.patch("/api/settings").send({ holidays: [] }); // unchanged
    expect(h.requested).toEqual([]);
    await h.patch("/api/settings").send({ holidays: ["2026-11-26"] });
    await h.patch("/api/settings").send({ allocation: { priorityTags: ["VIP"] } });
    await h.patch("/api/settings").send({ substitutePriceBand: { belowPercent: 10, abovePercent: 10 } });
    expect(h.requested).toEqual([
      { shop: SHOP, variantIds: "all" },
      { shop: SHOP, variantIds: "all" },
      { shop: SHOP, variantIds: "all" },
    ]);
  });

  it("ETAs count business days on the shop's calendar: its holidays and weekend", async () => {
    const h = createAvailabilityApp(); // Tuesday 2026-11-24
    await h.post("/api/rules").send({
      scope: { kind: "variant", variantId: vid(11) },
      settings: {
        mode: "when_out_of_stock",
        etaSource: { kind: "lead_time", minBusinessDays: 2, maxBusinessDays: 2 },
        handlingDays: 1,
      },
    });
    h.shopify.setStock(SHOP, vid(11), 0);
    const eta = async () => (await h.get("/api/variants/11/availability")).body.nextEta;
    expect(await eta()).toMatchObject({ kind: "date", date: "2026-11-27" });

    await h.patch("/api/settings").send({ holidays: ["2026-11-26"] });
    expect(await eta()).toMatchObject({ kind: "date", date: "2026-11-30" });

    await h.patch("/api/settings").send({ weekend: [5, 6] }); // open on Sundays, closed Fridays
    expect(await eta()).toMatchObject({ kind: "date", date: "2026-11-30" });
    await h.patch("/api/settings").send({ holidays: [] });
    expect(await eta()).toMatchObject({ kind: "date", date: "2026-11-29" });
  });

  it("automatic substitutes keep to the shop's price band", async () => {
    const h = createAvailabilityApp();
    await h.post("/api/rules").send({
      scope: { kind: "variant", variantId: vid(11) },
      settings: { mode: "when_out_of_stock", etaSource: { kind: "incoming" } },
    });
    h.shopify.setStock(SHOP, vid(11), 0);
    const substitutes = async () =>
      (
        (await h.get("/api/variants/11/availability")).body.availability.substitutes as {
          variantId: string;
        }[]
      )
        .map((s) => s.variantId)
        .sort();
    // Boots 12 (100.00) and 13 (110.00), shoes 21 (95.00): same type, all in stock.
    expect(await substitutes()).toEqual([vid(12), vid(13), vid(21)]);
    await h.patch("/api/settings").send({ substitutePriceBand: { belowPercent: 0, abovePercent: 5 } });
    expect(await substitutes()).toEqual([vid(12)]);
  });
});
