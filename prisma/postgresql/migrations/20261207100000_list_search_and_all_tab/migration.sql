-- Text search of the admin's backorder list (order name, customer, SKU, product) without reading every line:
-- trigram GIN indexes serve `"searchText" LIKE '%term%'` for terms of 3 characters or more
-- (https://www.postgresql.org/docs/current/pgtrgm.html#PGTRGM-INDEX). PostgreSQL maintains them on every write.
-- Not in models.prisma (the model is shared with SQLite, which has no GIN): a generated migration that drops them
-- must be edited, and test/contracts/list-search-index.test.ts fails if they are missing.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "BackorderLine_search_trgm_idx" ON "BackorderLine" USING gin ("searchText" gin_trgm_ops);
CREATE INDEX "BackorderOrder_search_trgm_idx" ON "BackorderOrder" USING gin ("searchText" gin_trgm_ops);

-- The "All" tab of the list (no status filter): one index walk per sort instead of one per status.
CREATE INDEX "BackorderLine_all_age_idx" ON "BackorderLine"("shop", "orderCreatedAt", "orderId", "lineItemId");
CREATE INDEX "BackorderLine_all_priority_idx" ON "BackorderLine"("shop", "sortPriority", "orderCreatedAt", "orderId", "lineItemId");
CREATE INDEX "BackorderLine_all_units_idx" ON "BackorderLine"("shop", "waitingUnits", "orderCreatedAt", "orderId", "lineItemId");
