import express, { Router } from "express";
import type { SettingsAnswer } from "../../../shared/api/settings.js";
import { DEFAULT_SHOP_SETTINGS, SETTINGS_LIMITS, type ShopSettings } from "../../domain/settings/index.js";
import type { ShopSettingsAdmin } from "../../use-cases/shop-settings.js";
import { shopOf } from "../middleware/session-token-auth.js";
import { parseRequest } from "./parse.js";
import { settingsPatch } from "./settings.schemas.js";

/**
 * The authenticated shop's settings: read them, or change some (a partial patch, checked whole). Both answers carry
 * the defaults and bounds, so the admin's form shows the server's.
 */
export function settingsRoutes(settings: ShopSettingsAdmin): Router {
  const router = Router();
  const answer = (current: ShopSettings): SettingsAnswer => ({
    settings: current,
    defaults: DEFAULT_SHOP_SETTINGS,
    limits: SETTINGS_LIMITS,
  });

  router.get("/settings", async (_req, res) => {
    res.json(answer(await settings.get(shopOf(res))));
  });

  router.patch("/settings", express.json({ limit: "64kb" }), async (req, res) => {
    const patch = parseRequest(settingsPatch, req.body, "body");
    res.json(answer(await settings.update(shopOf(res), patch)));
  });

  return router;
}
