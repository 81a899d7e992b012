-- The backorder list's "promised" sort: the day each line's customer holds us to, on the line itself so an index
-- walks it in order (no NULLs: a line without a dated promise sorts last as 9999-12-31). Kept by the availability
-- repository whenever a promise is made or a new date accepted. Filled here from the promises already stored.
ALTER TABLE "BackorderLine" ADD COLUMN "sortPromise" TEXT NOT NULL DEFAULT '9999-12-31';

UPDATE "BackorderLine" SET "sortPromise" = COALESCE((
  SELECT CASE json_extract(COALESCE(p."agreed", p."promised"), '$.kind')
    WHEN 'date' THEN json_extract(COALESCE(p."agreed", p."promised"), '$.date')
    WHEN 'range' THEN json_extract(COALESCE(p."agreed", p."promised"), '$.to')
  END
  FROM "LinePromise" p
  WHERE p."shop" = "BackorderLine"."shop" AND p."lineItemId" = "BackorderLine"."lineItemId"
), '9999-12-31');

CREATE INDEX "BackorderLine_list_promised_idx" ON "BackorderLine"("shop", "status", "sortPromise", "orderCreatedAt", "orderId", "lineItemId");
CREATE INDEX "BackorderLine_all_promised_idx" ON "BackorderLine"("shop", "sortPromise", "orderCreatedAt", "orderId", "lineItemId");
