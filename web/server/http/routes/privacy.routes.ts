import { Router } from "express";
import type { createListDataExports } from "../../use-cases/privacy/list-data-exports.js";
import { shopOf } from "../middleware/session-token-auth.js";
import { presentDataExport } from "./presenters.js";

/**
 * Customer data exports assembled from customers/data_request, for the merchant to hand over (GDPR: "privacy").
 * The URL keeps its first name, /api/compliance/exports, so existing admin links keep working.
 */
export function privacyRoutes(listDataExports: ReturnType<typeof createListDataExports>): Router {
  const router = Router();
  router.get("/compliance/exports", async (_req, res) => {
    const exports = await listDataExports(shopOf(res));
    res.json({ exports: exports.map(presentDataExport) });
  });
  return router;
}
