import express, { Router } from "express";
import type { SellingRule } from "../../domain/selling-rules/index.js";
import type { SellingRuleInput } from "../../use-cases/availability/ports.js";
import type { SellingRulesAdmin } from "../../use-cases/availability/selling-rules-admin.js";
import { shopOf } from "../middleware/session-token-auth.js";
import { parseRequest } from "./parse.js";
import { ruleBody, ruleParams } from "./rules.schemas.js";

/** Backorder rules of the authenticated shop. Another shop's rule id is a 404, a taken scope a 409. */
export function rulesRoutes(rules: SellingRulesAdmin): Router {
  const router = Router();
  const json = express.json({ limit: "64kb" });

  router.get("/rules", async (_req, res) => {
    res.json({ rules: (await rules.list(shopOf(res))).map(presentRule) });
  });

  router.get("/rules/:id", async (req, res) => {
    const { id } = parseRequest(ruleParams, req.params, "params");
    res.json(presentRule(await rules.get(shopOf(res), id)));
  });

  router.post("/rules", json, async (req, res) => {
    const body = parseRequest(ruleBody, req.body, "body") as SellingRuleInput;
    res.status(201).json(presentRule(await rules.create(shopOf(res), body)));
  });

  router.put("/rules/:id", json, async (req, res) => {
    const { id } = parseRequest(ruleParams, req.params, "params");
    const body = parseRequest(ruleBody, req.body, "body") as SellingRuleInput;
    res.json(presentRule(await rules.update(shopOf(res), id, body)));
  });

  router.delete("/rules/:id", async (req, res) => {
    const { id } = parseRequest(ruleParams, req.params, "params");
    await rules.remove(shopOf(res), id);
    res.status(204).end();
  });

  return router;
}

function presentRule(rule: SellingRule) {
  return {
    id: rule.id,
    scope: rule.scope,
    priority: rule.priority,
    settings: rule.settings,
    updatedAt: new Date(rule.updatedAt).toISOString(),
  };
}
