import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A tiny stand-in for an app's webhook endpoint: records every request (raw bytes and headers) and answers with
 * whatever `respond` decides, so tests can make it fail, stall or succeed.
 */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  receivedAt: number;
}

export type Responder = (
  hook: ReceivedWebhook,
  index: number,
) => number | { delayMs: number; status: number };

export async function startReceiver(respond: Responder = () => 200) {
  const received: ReceivedWebhook[] = [];
  let responder = respond;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const hook = {
        path: req.url ?? "/",
        headers: req.headers,
        rawBody: Buffer.concat(chunks),
        receivedAt: Date.now(),
      };
      received.push(hook);
      const answer = responder(hook, received.length - 1);
      const { status, delayMs } = typeof answer === "number" ? { status: answer, delayMs: 0 } : answer;
      const send = () => {
        if (!res.writableEnded) res.writeHead(status, { "Content-Type": "text/plain" }).end(String(status));
      };
      if (delayMs > 0) setTimeout(send, delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    setResponder(next: Responder) {
      responder = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function waitFor(check: () => boolean, timeoutMs = 5000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
