/**
 * POST /webhooks over a real socket, the way bodies arrive from the network: in several packets, chunked, or cut off
 * by the client. Deliveries with a Content-Length are answered before Express (http/webhook-listener.ts), the others
 * by the Express route; both must record the exact bytes, and an abandoned request must write nothing.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SHOP, createHarness, payloads, signWebhook, type Harness } from "./harness.js";

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(h: Harness): Promise<number> {
  const server = http.createServer(h.app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function headers(h: Harness, body: string): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Topic": "orders/create",
    "X-Shopify-Hmac-Sha256": signWebhook(body, h.config.shopify.apiSecret),
    "X-Shopify-Shop-Domain": SHOP,
    "X-Shopify-API-Version": "2026-07",
    "X-Shopify-Webhook-Id": randomUUID(),
  };
}

/** Sends the body in `parts` writes, a few milliseconds apart; resolves with the status and the parsed answer. */
function deliver(
  port: number,
  extra: Record<string, string>,
  body: string,
  parts: number,
): Promise<{ status: number; body: { id?: string; error?: unknown } }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ port, method: "POST", path: "/webhooks", headers: extra }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on("error", reject);
    const size = Math.ceil(body.length / parts);
    const send = (from: number) => {
      if (from >= body.length) return void req.end();
      req.write(body.slice(from, from + size));
      setTimeout(() => send(from + size), 5);
    };
    send(0);
  });
}

describe("POST /webhooks over a socket", () => {
  it.each([
    ["in several packets, with a Content-Length (before Express)", true, 4],
    ["chunked, without a Content-Length (the Express route)", false, 3],
  ])("records a body sent %s byte for byte", async (_name, withLength, parts) => {
    const h = createHarness();
    const port = await listen(h);
    const body = payloads.order();
    const length: Record<string, string> = withLength
      ? { "Content-Length": String(Buffer.byteLength(body)) }
      : {};
    const res = await deliver(port, { ...headers(h, body), ...length }, body, parts);
    expect(res.status).toBe(200);
    expect((await h.inbox.get(SHOP, res.body.id!))?.payload).toBe(body);
  });

  it("writes nothing for a request the client cuts off, and keeps answering", async () => {
    const h = createHarness();
    const port = await listen(h);
    const body = payloads.order();
    const cut = http.request({
      port,
      method: "POST",
      path: "/webhooks",
      headers: { ...headers(h, body), "Content-Length": String(Buffer.byteLength(body)) },
    });
    cut.on("error", () => undefined);
    cut.write(body.slice(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 50));
    cut.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await h.inbox.depth()).toBe(0);

    const next = await deliver(
      port,
      { ...headers(h, body), "Content-Length": String(Buffer.byteLength(body)) },
      body,
      1,
    );
    expect(next.status).toBe(200);
    expect(await h.inbox.depth()).toBe(1);
  });
});
