/**
 * The Admin client's HTTP POST on node:http and node:https, over kept-alive connections. The global fetch (undici)
 * builds web streams, an abort signal and a Request for every call: in a flash sale the Shopify writer's calls cost
 * the worker thread more CPU in fetch than in anything of its own. The client needs only a status, one header and
 * the JSON body, which is what this gives. Idle connections do not keep the process alive (the agent unrefs them).
 * https://nodejs.org/api/http.html#class-httpagent
 */
import http from "node:http";
import https from "node:https";

/** What the Admin client reads of an answer (a fetch Response has it too). */
export interface AdminResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}

/** A POST as the Admin client sends it; the global fetch fits this type. */
export type AdminFetch = (
  url: string,
  init: { method: "POST"; headers: Record<string, string>; body: string },
) => Promise<AdminResponse>;

export function createHttpPost(): AdminFetch {
  const agents = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
  };
  return (url, init) =>
    new Promise<AdminResponse>((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === "https:";
      const body = Buffer.from(init.body, "utf8");
      const request = (secure ? https : http).request(
        target,
        {
          method: init.method,
          headers: { ...init.headers, "Content-Length": String(body.length) },
          agent: secure ? agents.https : agents.http,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () => {
            const status = response.statusCode ?? 0;
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({
              status,
              ok: status >= 200 && status < 300,
              headers: {
                get(name) {
                  const value = response.headers[name.toLowerCase()];
                  if (value === undefined) return null;
                  return Array.isArray(value) ? value.join(", ") : value;
                },
              },
              json: async () => JSON.parse(text) as unknown,
            });
          });
        },
      );
      request.on("error", reject);
      request.end(body);
    });
}
