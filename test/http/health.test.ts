import { describe, expect, it } from "vitest";
import { createHarness, payloads } from "./harness.js";

describe("GET /healthz", () => {
  it("answers 200 without auth, with the database up and the inbox depth", async () => {
    const h = createHarness();
    await h.webhook("orders/create", payloads.order());
    await h.webhook("orders/create", payloads.order());
    await h.webhook("carts/update", "{}");
    const res = await h.http().get("/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", database: "up", inboxDepth: 2 });
    await h.worker.drain();
    expect((await h.http().get("/healthz")).body.inboxDepth).toBe(0);
  });

  it("answers 503 when the database probe throws, without leaking the error", async () => {
    const h = createHarness();
    h.database.up = false;
    const res = await h.http().get("/healthz");
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: "unavailable", database: "down", inboxDepth: null });
    expect(h.logger.entries).toContainEqual(
      expect.objectContaining({ level: "error", msg: "health check: database unreachable" }),
    );
  });
});
