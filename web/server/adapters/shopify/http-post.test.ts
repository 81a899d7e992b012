import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpPost } from "./http-post.js";

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/api/graphql.json`;
}

describe("http post", () => {
  it("sends the body and headers, gives back status, headers and JSON, on one kept-alive connection", async () => {
    const seen: { body: string; token: string | undefined; port: number | undefined }[] = [];
    const url = await serve((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        seen.push({ body, token: req.headers["x-token"] as string, port: req.socket.remotePort });
        res.writeHead(200, { "Content-Type": "application/json", "Retry-After": "2" });
        res.end(JSON.stringify({ data: { echo: JSON.parse(body), id: "gid://shopify/Order/1" } }));
      });
    });
    const post = createHttpPost();
    const init = {
      method: "POST" as const,
      headers: { "X-Token": "t1" },
      body: JSON.stringify({ q: "Grüße 🚚" }),
    };
    const first = await post(url, init);
    expect(first.status).toBe(200);
    expect(first.ok).toBe(true);
    expect(first.headers.get("Retry-After")).toBe("2");
    expect(first.headers.get("x-missing")).toBeNull();
    expect(await first.json()).toEqual({ data: { echo: { q: "Grüße 🚚" }, id: "gid://shopify/Order/1" } });
    await post(url, init);
    expect(seen.map((s) => s.token)).toEqual(["t1", "t1"]);
    expect(seen[1]!.port).toBe(seen[0]!.port);
  });

  it("answers an error status as such, and rejects when nothing answers", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(503);
      res.end("{}");
    });
    const post = createHttpPost();
    const answer = await post(url, { method: "POST", headers: {}, body: "{}" });
    expect(answer.status).toBe(503);
    expect(answer.ok).toBe(false);
    await expect(post("http://127.0.0.1:9/x", { method: "POST", headers: {}, body: "{}" })).rejects.toThrow();
  });
});
