/**
 * The load benchmark's baseline: a bare Express route that verifies the webhook HMAC on the raw body (what any
 * webhook receiver must do at the least) and answers 200, nothing else. Prints `{ url }` once it listens.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import express from "express";

const secret = process.env.SHOPIFY_API_SECRET ?? "waitwell-local-api-secret";
const app = express();
app.post("/webhooks", express.raw({ type: () => true, limit: 2 * 1024 * 1024 }), (req, res) => {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const given = Buffer.from(req.get("X-Shopify-Hmac-Sha256") ?? "", "base64");
  const expected = createHmac("sha256", secret).update(body).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    res.status(401).json({ error: "bad hmac" });
    return;
  }
  res.status(200).json({ ok: true });
});
const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${port}` }) + "\n");
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
