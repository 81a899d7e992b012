import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../adapters/logger.js";
import type { SelfService } from "../../use-cases/customer-care/self-service.js";
import { errorHandler } from "../error-handler.js";
import { selfServiceRoutes, type SelfServiceRoutesDeps } from "./self-service.routes.js";

const SHOP = "shop-a.myshopify.com";

/** The routes over a self-service that opens any link and records the actions it is asked for. */
function setup(verify: SelfServiceRoutesDeps["verify"] = () => ({ valid: true, shop: SHOP })) {
  const acted: unknown[] = [];
  const selfService = {
    open: async () => ({ ok: true, order: { locale: "en" } }),
    page: async () => ({
      shop: SHOP,
      orderId: "gid://shopify/Order/1",
      orderName: "#1",
      locale: "en",
      lines: [],
    }),
    act: async (...args: unknown[]) => {
      acted.push(args);
      return "done";
    },
  } as unknown as SelfService;
  const logger = createMemoryLogger();
  const app = express();
  app.use("/apps/waitwell", selfServiceRoutes({ verify, selfService, logger }));
  app.use(errorHandler(logger));
  const post = (form: Record<string, string>) =>
    request(app)
      .post("/apps/waitwell/orders?token=t&signature=s")
      .type("form")
      .send(new URLSearchParams(form).toString());
  return { app, acted, post };
}

describe("POST /apps/waitwell/orders", () => {
  it.each([
    ["a NUL in the key", { action: "cancel", line: "gid://shopify/LineItem/1", key: "\u0000".repeat(10) }],
    ["a NUL in the line", { action: "cancel", line: "gid://shopify/LineItem/1\u0000", key: "abcdefgh12" }],
  ])("refuses %s as a bad form (400), before any action", async (_name, form) => {
    const h = setup();
    const res = await h.post(form);
    expect(res.status).toBe(400);
    expect(res.text).toContain("This link is not valid");
    expect(h.acted).toEqual([]);
  });

  it("hands a well-formed form to the action", async () => {
    const h = setup();
    const res = await h.post({ action: "cancel", line: "gid://shopify/LineItem/1", key: "abcdefgh12" });
    expect(res.status).toBe(200);
    expect(h.acted).toHaveLength(1);
  });
});

describe("an unsigned request", () => {
  it.each(["get", "post"] as const)(
    "%s: 401 in the API's one error shape, never cached, before any action",
    async (method) => {
      const h = setup(() => ({ valid: false, reason: "invalid_signature" }));
      const res = await request(h.app)[method]("/apps/waitwell/orders?token=t&signature=forged");
      expect(res.status).toBe(401);
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(res.body).toEqual({
        error: { code: "unauthorized", message: "App proxy signature is missing or invalid" },
      });
      expect(h.acted).toEqual([]);
    },
  );
});
