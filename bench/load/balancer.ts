/**
 * A tiny round-robin HTTP load balancer for the scale-out benchmark (node:http): each request goes to the next web
 * process as it came (method, path, headers and raw body unchanged), and the answer comes back as the process gave
 * it. Requests that arrive before any web process is added wait for the first one. A web process that refuses the
 * connection gets the request's 502, as a real balancer would answer; the dev store then retries the delivery.
 */
import http from "node:http";

export interface Balancer {
  url: string;
  /** Adds a web process (its base URL, e.g. http://localhost:3001) to the rotation. */
  add(target: string): void;
  /** Requests forwarded to each target, in the order they were added. */
  forwarded(): number[];
  close(): Promise<void>;
}

export async function startBalancer(): Promise<Balancer> {
  const targets: { url: URL; agent: http.Agent; count: number }[] = [];
  let waiting: (() => void)[] = [];
  let next = 0;

  const pick = async () => {
    if (targets.length === 0) await new Promise<void>((resolve) => waiting.push(resolve));
    const target = targets[next % targets.length]!;
    next += 1;
    target.count += 1;
    return target;
  };

  const server = http.createServer((req, res) => {
    void pick().then((target) => {
      const upstream = http.request(
        {
          host: target.url.hostname,
          port: target.url.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent: target.agent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", (error) => {
        if (res.headersSent) res.destroy(error);
        else res.writeHead(502, { "Content-Type": "application/json" }).end('{"error":"bad gateway"}');
      });
      req.pipe(upstream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://localhost:${port}`,
    add(target) {
      targets.push({ url: new URL(target), agent: new http.Agent({ keepAlive: true }), count: 0 });
      const woken = waiting;
      waiting = [];
      for (const wake of woken) wake();
    },
    forwarded: () => targets.map((t) => t.count),
    async close() {
      for (const t of targets) t.agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
