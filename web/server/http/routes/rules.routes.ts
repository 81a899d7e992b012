import express, { Router } from "express";
import { RULE_COLUMNS, type RuleRow, type SellingRule } from "../../domain/selling-rules/index.js";
import { NotFoundError, ValidationError } from "../../errors.js";
import type { ProductSearch, SellingRuleInput } from "../../use-cases/availability/ports.js";
import type { RulePreviewer } from "../../use-cases/availability/rule-preview.js";
import type { RulesTransfer } from "../../use-cases/availability/rules-transfer.js";
import type { SellingRulesAdmin } from "../../use-cases/availability/selling-rules-admin.js";
import { streamCsv } from "../csv-writer.js";
import { shopOf } from "../middleware/session-token-auth.js";
import { parseRequest } from "./parse.js";
import {
  productSearchQuery,
  ruleBody,
  ruleImportQuery,
  ruleParams,
  rulePreviewBody,
} from "./rules.schemas.js";

export interface RulesRoutesDeps {
  rules: SellingRulesAdmin;
  preview: RulePreviewer;
  transfer: RulesTransfer;
  productSearch: ProductSearch | null;
}

/** A rules file of a few thousand rows is a few hundred kilobytes. */
const MAX_RULES_CSV = "2mb";

/**
 * Backorder rules of the authenticated shop: CRUD (another shop's rule id is a 404, a taken scope a 409), a dry-run
 * preview of what a rule would govern, CSV export and import (a file with any bad row writes nothing and answers 422
 * with every row's problems; `?dryRun=1` only checks), and the product search the picker uses outside Shopify admin.
 */
export function rulesRoutes(deps: RulesRoutesDeps): Router {
  const { rules } = deps;
  const router = Router();
  const json = express.json({ limit: "64kb" });
  const csv = express.text({ type: ["text/csv", "text/plain", "application/csv"], limit: MAX_RULES_CSV });

  router.get("/rules", async (_req, res) => {
    res.json({ rules: (await rules.list(shopOf(res))).map(presentRule) });
  });

  router.get("/rules.csv", async (_req, res) => {
    const rows = await deps.transfer.exportRows(shopOf(res));
    const day = new Date().toISOString().slice(0, 10);
    await streamCsv(res, `backorder-rules-${day}.csv`, RULE_COLUMNS, inOneBatch(rows));
  });

  router.post("/rules/import", csv, async (req, res) => {
    const { dryRun } = parseRequest(ruleImportQuery, req.query, "query");
    if (typeof req.body !== "string" || req.body.trim() === "") {
      throw new ValidationError("Invalid body: send the rules file as text/csv");
    }
    const result = await deps.transfer.import(shopOf(res), { csv: req.body, dryRun });
    if (!result.ok) {
      res.status(422).json({ imported: false, rows: result.rows, errors: result.errors });
      return;
    }
    const { rows, created, updated } = result;
    res
      .status(result.dryRun ? 200 : 201)
      .json({ imported: !result.dryRun, dryRun: result.dryRun, rows, created, updated });
  });

  router.post("/rules/preview", json, async (req, res) => {
    const { ruleId, ...input } = parseRequest(rulePreviewBody, req.body, "body");
    res.json(await deps.preview(shopOf(res), input as SellingRuleInput, { ruleId }));
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

  router.get("/catalog/products", async (req, res) => {
    if (!deps.productSearch) throw new NotFoundError("Product search is not available");
    const { query, after } = parseRequest(productSearchQuery, req.query, "query");
    res.json(await deps.productSearch.searchProducts(shopOf(res), { query, after: after ?? null }));
  });

  return router;
}

/** A shop has at most a few thousand rules: one batch (streamCsv still writes them with back-pressure). */
async function* inOneBatch(rows: RuleRow[]) {
  yield rows.map((row) => RULE_COLUMNS.map((column) => row[column]));
}

export function presentRule(rule: SellingRule) {
  return {
    id: rule.id,
    scope: rule.scope,
    priority: rule.priority,
    settings: rule.settings,
    updatedAt: new Date(rule.updatedAt).toISOString(),
  };
}
