import { it } from "vitest";
import express from "express";
import request from "supertest";
import "@shopify/shopify-api/adapters/node";
import { createShopifyLib } from "../../web/server/adapters/shopify/shopify-lib.js";
import { loadConfig } from "../../web/server/config.js";
import { createMemoryLogger } from "../../web/server/adapters/logger.js";
import { signWebhook } from "./harness.js";
it("dbg", async () => {
  const config = loadConfig({});
  const lib = createShopifyLib(config, createMemoryLogger());
  console.log("secret", lib.config.apiSecretKey, config.shopify.apiSecret);
  const app = express();
  app.post("/w", express.raw({ type: () => true }), async (req, res) => {
    const body = (req.body as Buffer).toString("utf8");
    const r = await lib.webhooks.validate({ rawBody: body, rawRequest: req, rawResponse: res });
    res.json({ body, r, hdr: req.headers });
  });
  const body = '{"a":1}';
  const res = await request(app).post("/w").set("Content-Type", "application/json").set("X-Shopify-Hmac-Sha256", signWebhook(body, config.shopify.apiSecret)).send(Buffer.from(body));
  console.log(JSON.stringify(res.body), signWebhook(body, config.shopify.apiSecret));
});
