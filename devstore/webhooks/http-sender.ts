import http from "node:http";
import https from "node:https";

/**
 * POSTs one webhook body and reports the status, or why there was none. node:http with keep-alive rather than fetch:
 * undici costs several times more CPU per request, and the dev store sends a few webhooks per order.
 */
export type SendResult = { status: number } | { error: string };

export interface WebhookSender {
  send(
    url: string,
    headers: Record<string, string>,
    body: Uint8Array,
    timeoutMs: number,
  ): Promise<SendResult>;
  close(): void;
}

export function createHttpSender(): WebhookSender {
  const agents = {
    "http:": new http.Agent({ keepAlive: true }),
    "https:": new https.Agent({ keepAlive: true }),
  };
  const open = new Set<http.ClientRequest>();

  return {
    send(url, headers, body, timeoutMs) {
      const target = new URL(url);
      const protocol = target.protocol === "https:" ? "https:" : "http:";
      const transport = protocol === "https:" ? https : http;
      return new Promise<SendResult>((resolve) => {
        let settled = false;
        const finish = (result: SendResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          open.delete(req);
          resolve(result);
        };
        const req = transport.request(
          target,
          {
            method: "POST",
            agent: agents[protocol],
            headers: { ...headers, "Content-Length": String(body.byteLength) },
          },
          (res) => {
            // The attempt ends when the whole response has arrived, within the same budget (Shopify's 5 s).
            res.resume();
            res.on("end", () => finish({ status: res.statusCode ?? 0 }));
            res.on("error", (e) => finish({ error: e.message }));
          },
        );
        const timer = setTimeout(() => {
          finish({ error: `timeout after ${timeoutMs} ms` });
          req.destroy();
        }, timeoutMs);
        open.add(req);
        req.on("error", (e) => finish({ error: e.message }));
        req.end(body);
      });
    },
    close() {
      for (const req of open) req.destroy();
      open.clear();
      agents["http:"].destroy();
      agents["https:"].destroy();
    },
  };
}
