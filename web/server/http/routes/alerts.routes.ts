import express, { Router } from "express";
import type { MerchantAlerts } from "../../use-cases/alerts/index.js";
import type { StoredAlert } from "../../use-cases/alerts/ports.js";
import { shopOf } from "../middleware/session-token-auth.js";
import {
  alertAction,
  alertParams,
  alertSettingsBody,
  alertsQuery,
  type AlertView,
} from "./alerts.schemas.js";
import { parseRequest } from "./parse.js";

/**
 * Merchant alerts (/api/alerts): the list (dismissed ones with `?dismissed=1`), acknowledge and dismiss, and the
 * settings (which kinds, to whom, at once or a daily digest at an hour). Bad input is a 400 naming each problem.
 */
export function alertsRoutes(alerts: MerchantAlerts["admin"]): Router {
  const router = Router();

  router.get("/alerts/settings", async (_req, res) => {
    res.json({ settings: await alerts.getSettings(shopOf(res)) });
  });

  router.put("/alerts/settings", express.json({ limit: "16kb" }), async (req, res) => {
    const settings = parseRequest(alertSettingsBody, req.body, "body");
    res.json({ settings: await alerts.saveSettings(shopOf(res), settings) });
  });

  router.get("/alerts", async (req, res) => {
    const { dismissed } = parseRequest(alertsQuery, req.query, "query");
    res.json({ alerts: (await alerts.list(shopOf(res), dismissed === "1")).map(present) });
  });

  router.post("/alerts/:id/:action", async (req, res) => {
    const { id } = parseRequest(alertParams, { id: req.params.id }, "params");
    const action = parseRequest(alertAction, req.params.action, "params");
    await alerts.mark(shopOf(res), id, action);
    res.json({ ok: true });
  });

  return router;
}

function present(a: StoredAlert): AlertView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: a.id,
    kind: a.kind,
    detail: a.detail as unknown as Record<string, unknown>,
    detectedAt: a.detectedAt.toISOString(),
    resolvedAt: iso(a.resolvedAt),
    emailedAt: iso(a.emailedAt),
    acknowledgedAt: iso(a.acknowledgedAt),
    dismissedAt: iso(a.dismissedAt),
  };
}
