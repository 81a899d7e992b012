import express, { Router } from "express";
import { availabilityNeedsWrite, parseAvailability } from "../../domain/storefront/index.js";
import type { VariantEvaluation } from "../../use-cases/availability/index.js";
import type { SubstitutesAdmin } from "../../use-cases/availability/substitutes-admin.js";
import type { SubstitutesOverviewReader } from "../../use-cases/availability/substitutes-overview.js";
import { shopOf } from "../middleware/session-token-auth.js";
import { parseRequest } from "./parse.js";
import { substitutesBody, variantParams } from "./substitutes.schemas.js";

/** A variant's substitute picks and exclusions, and what Waitwell concludes for it (the admin's "why"). */
export function substitutesRoutes(
  substitutes: SubstitutesAdmin,
  overview: SubstitutesOverviewReader,
): Router {
  const router = Router();
  const json = express.json({ limit: "64kb" });

  router.get("/variants/:variantId/substitutes", async (req, res) => {
    const { variantId } = parseRequest(variantParams, req.params, "params");
    res.json({ variantId, ...(await substitutes.get(shopOf(res), variantId)) });
  });

  // Picks and exclusions with titles, the automatic suggestions beside them, and what shoppers see.
  router.get("/variants/:variantId/substitutes/overview", async (req, res) => {
    const { variantId } = parseRequest(variantParams, req.params, "params");
    res.json(await overview(shopOf(res), variantId));
  });

  router.put("/variants/:variantId/substitutes", json, async (req, res) => {
    const { variantId } = parseRequest(variantParams, req.params, "params");
    const body = parseRequest(substitutesBody, req.body, "body");
    res.json({ variantId, ...(await substitutes.set(shopOf(res), variantId, body)) });
  });

  router.get("/variants/:variantId/availability", async (req, res) => {
    const { variantId } = parseRequest(variantParams, req.params, "params");
    res.json(presentEvaluation(await substitutes.availability(shopOf(res), variantId)));
  });

  return router;
}

function presentEvaluation(e: VariantEvaluation) {
  return {
    variantId: e.variantId,
    productId: e.productId,
    rule: e.rule,
    stock: e.stock,
    policy: { current: e.currentPolicy, desired: e.policy, reason: e.reason },
    capacity: e.capacity,
    waitingUnits: e.waitingUnits,
    nextEta: e.nextEta,
    availability: e.availability,
    synced: e.synced && {
      availability: parseAvailability(e.synced.availability),
      policy: e.synced.policy,
      updatedAt: e.synced.updatedAt,
      upToDate: !availabilityNeedsWrite(e.synced.availability, e.availability),
    },
    lines: e.lines,
  };
}
