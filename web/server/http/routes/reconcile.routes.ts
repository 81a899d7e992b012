import { Router } from "express";
import type { ReconcileScheduler } from "../../jobs/reconcile-scheduler.js";
import { shopOf } from "../middleware/session-token-auth.js";

/**
 * Backorder reconciliation on demand. A run re-reads the shop's orders and inventory from Shopify, so it runs in the
 * background: POST answers 202 with the run at once, or 200 with the run already going on (one per shop at a time).
 */
export function reconcileRoutes(scheduler: Pick<ReconcileScheduler, "request" | "latest">): Router {
  const router = Router();

  router.post("/backorders/reconcile", (_req, res) => {
    const { run, started } = scheduler.request(shopOf(res));
    res.status(started ? 202 : 200).json({ run });
  });

  // The running or last finished run of this shop; null before the first one (or after a restart).
  router.get("/backorders/reconcile", (_req, res) => {
    res.json({ run: scheduler.latest(shopOf(res)) });
  });

  return router;
}
