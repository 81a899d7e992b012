import { Router } from "express";
import type { CostBucketLimiter } from "../../throttle/leaky-bucket.js";
import type { DeliveryFilter, DeliveryRecord } from "../../webhooks/dispatcher.js";
import type { FaultController } from "../../webhooks/faults.js";
import * as schemas from "../control.schemas.js";
import type { ControlStore } from "../store-port.js";
import { parse, shopResolver, stripUndefined } from "./input.js";

export interface HarnessDeps {
  store: ControlStore;
  faults: FaultController;
  limiter: CostBucketLimiter;
  deliveries(filter?: DeliveryFilter): DeliveryRecord[];
}

/** What a test controls and inspects: the clock, webhook faults, the rate limiter, the state, the delivery log. */
export function harnessRoutes(deps: HarnessDeps): Router {
  const { store } = deps;
  const router = Router();
  const shopOf = shopResolver(store);

  router.get("/clock", (_req, res) => {
    res.json({ now: store.now().toISOString(), scheduled: store.pendingScheduled() });
  });

  router.post("/clock/advance", (req, res) => {
    store.advanceClock(parse(schemas.advanceClockBody, req.body));
    res.json({ now: store.now().toISOString(), scheduled: store.pendingScheduled() });
  });

  router.get("/faults", (_req, res) => {
    res.json(deps.faults.config());
  });

  router.post("/faults", (req, res) => {
    const { reset, ...patch } = parse(schemas.faultsBody, req.body);
    if (reset) deps.faults.reset();
    res.json(deps.faults.configure(stripUndefined(patch)));
  });

  // The limits, and (a test harness's read, not Shopify's) what each app + shop spent since they were last set:
  // calls, THROTTLED answers, requested and actual points (the sums of the responses' `extensions.cost`).
  router.get("/rate-limit", (req, res) => {
    const shop = typeof req.query.shop === "string" ? req.query.shop : undefined;
    const usage = [...deps.limiter.usage()]
      .map(([key, u]) => {
        const [apiKey = "", keyShop = ""] = key.split("|");
        return { apiKey, shop: keyShop, ...u };
      })
      .filter((u) => !shop || u.shop === shop);
    res.json({ ...deps.limiter.config(), usage });
  });

  router.post("/rate-limit", (req, res) => {
    res.json(deps.limiter.configure(stripUndefined(parse(schemas.rateLimitBody, req.body))));
  });

  router.get("/state", (req, res) => {
    const shop = typeof req.query.shop === "string" ? req.query.shop : undefined;
    res.json(store.snapshot(shopOf(shop)));
  });

  router.get("/webhooks", (req, res) => {
    res.json({ deliveries: deps.deliveries(stripUndefined(parse(schemas.webhooksQuery, req.query))) });
  });

  return router;
}
