-- The backorder list's "promised" sort: the day each line's customer holds us to, on the line itself so an index
-- walks it in order (no NULLs: a line without a dated promise sorts last as 9999-12-31). Kept by the availability
-- repository whenever a promise is made or a new date accepted. Filled here from the promises already stored.
ALTER TABLE "BackorderLine" ADD COLUMN "sortPromise" TEXT NOT NULL DEFAULT '9999-12-31';

UPDATE "BackorderLine" l SET "sortPromise" = COALESCE(
  CASE (COALESCE(p."agreed", p."promised")::jsonb ->> 'kind')
    WHEN 'date' THEN COALESCE(p."agreed", p."promised")::jsonb ->> 'date'
    WHEN 'range' THEN COALESCE(p."agreed", p."promised")::jsonb ->> 'to'
  END, '9999-12-31')
FROM "LinePromise" p
WHERE p."shop" = l."shop" AND p."lineItemId" = l."lineItemId";

CREATE INDEX "BackorderLine_list_promised_idx" ON "BackorderLine"("shop", "status", "sortPromise", "orderCreatedAt", "orderId", "lineItemId");
CREATE INDEX "BackorderLine_all_promised_idx" ON "BackorderLine"("shop", "sortPromise", "orderCreatedAt", "orderId", "lineItemId");
