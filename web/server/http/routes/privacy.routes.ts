import { Router } from "express";
import { z } from "zod";
import type { createListDataExports } from "../../use-cases/privacy/list-data-exports.js";
import { shopOf } from "../middleware/session-token-auth.js";
import { parseRequest } from "./parse.js";
import { presentDataExport } from "./presenters.js";

/** GET /api/compliance/exports?limit=&cursor= (limit 1–200, default 50; cursor = the previous page's nextCursor). */
export const listDataExportsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(128).optional(),
});

/**
 * Customer data exports assembled from customers/data_request, for the merchant to hand over (GDPR: "privacy").
 * The URL keeps its first name, /api/compliance/exports, so existing admin links keep working.
 */
export function privacyRoutes(listDataExports: ReturnType<typeof createListDataExports>): Router {
  const router = Router();
  router.get("/compliance/exports", async (req, res) => {
    const query = parseRequest(listDataExportsQuery, req.query, "query");
    const page = await listDataExports(shopOf(res), query);
    res.json({ exports: page.exports.map(presentDataExport), nextCursor: page.nextCursor });
  });
  return router;
}
