import { describe, expect, it } from "vitest";
import { createHarness, payloads } from "./harness.js";

describe("GET /healthz", () => {
  it("answers 200 without auth: up and the database, nothing about the shops", async () => {
    const h = createHarness();
    await h.webhook("orders/create", payloads.order());
    await h.webhook("orders/create", payloads.order());
    const res = await h.http().get("/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", database: "up" });
  });

  it("keeps the inbox depth behind the session token (GET /api/shop, per shop)", async () => {
    const h = createHarness();
    await h.webhook("orders/create", payloads.order());
    expect((await h.http().get("/api/shop")).status).toBe(401);
    expect((await h.api("/api/shop")).body.inbox).toMatchObject({ PENDING: 1 });
  });

  it("answers 503 when the database probe throws, without leaking the error", async () => {
    const h = createHarness();
    h.database.up = false;
    const res = await h.http().get("/healthz");
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: "unavailable", database: "down" });
    expect(h.logger.entries).toContainEqual(
      expect.objectContaining({ level: "error", msg: "health check: database unreachable" }),
    );
  });
});
