import { Router } from "express";
import type { createGetShopOverview } from "../../use-cases/shop-overview.js";
import { shopOf } from "../middleware/session-token-auth.js";
import { presentShopOverview } from "./presenters.js";

export function shopRoutes(getShopOverview: ReturnType<typeof createGetShopOverview>): Router {
  const router = Router();
  router.get("/shop", async (_req, res) => {
    res.json(presentShopOverview(await getShopOverview(shopOf(res))));
  });
  return router;
}
