import express, { Router } from "express";
import type { ShopSettingsAdmin } from "../../use-cases/shop-settings.js";
import { shopOf } from "../middleware/session-token-auth.js";
import { parseRequest } from "./parse.js";
import { settingsPatch } from "./settings.schemas.js";

/** The authenticated shop's settings: read them, or change some (a partial patch, checked whole). */
export function settingsRoutes(settings: ShopSettingsAdmin): Router {
  const router = Router();

  router.get("/settings", async (_req, res) => {
    res.json({ settings: await settings.get(shopOf(res)) });
  });

  router.patch("/settings", express.json({ limit: "64kb" }), async (req, res) => {
    const patch = parseRequest(settingsPatch, req.body, "body");
    res.json({ settings: await settings.update(shopOf(res), patch) });
  });

  return router;
}
