import { Router } from "express";
import type { createCheckHealth } from "../../use-cases/check-health.js";

/** No auth: load balancers and `npm start` poll it. 503 when the database does not answer. */
export function healthRoutes(checkHealth: ReturnType<typeof createCheckHealth>): Router {
  const router = Router();
  router.get("/healthz", async (_req, res) => {
    const health = await checkHealth();
    res
      .status(health.database === "up" ? 200 : 503)
      .set("Cache-Control", "no-store")
      .json(health);
  });
  return router;
}
