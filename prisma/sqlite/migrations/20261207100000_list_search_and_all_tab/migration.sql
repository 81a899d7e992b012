-- Text search of the admin's backorder list (order name, customer, SKU, product) without reading every line:
-- FTS5 trigram indexes over the stored "searchText" of lines and orders. A trigram index answers substring
-- matches of 3 characters or more (https://www.sqlite.org/fts5.html#the_trigram_tokenizer).
--
-- External content tables keyed by rowid, kept in step by the triggers below. Not in models.prisma (Prisma has no
-- word for them): a migration that redefines "BackorderLine" or "BackorderOrder" drops these triggers and must
-- create them again and rebuild the index. VACUUM renumbers rowids, so forgetDeletedRows rebuilds after it.
-- test/contracts/list-search-index.test.ts fails if the triggers are missing or the index disagrees with the table.

CREATE VIRTUAL TABLE "BackorderLineSearch" USING fts5(
  "searchText", content = 'BackorderLine', content_rowid = 'rowid', tokenize = 'trigram'
);
INSERT INTO "BackorderLineSearch"("BackorderLineSearch") VALUES ('rebuild');

CREATE TRIGGER "BackorderLine_search_insert" AFTER INSERT ON "BackorderLine" BEGIN
  INSERT INTO "BackorderLineSearch"(rowid, "searchText") VALUES (new.rowid, new."searchText");
END;
CREATE TRIGGER "BackorderLine_search_delete" AFTER DELETE ON "BackorderLine" BEGIN
  INSERT INTO "BackorderLineSearch"("BackorderLineSearch", rowid, "searchText")
    VALUES ('delete', old.rowid, old."searchText");
END;
CREATE TRIGGER "BackorderLine_search_update" AFTER UPDATE OF "searchText" ON "BackorderLine" BEGIN
  INSERT INTO "BackorderLineSearch"("BackorderLineSearch", rowid, "searchText")
    VALUES ('delete', old.rowid, old."searchText");
  INSERT INTO "BackorderLineSearch"(rowid, "searchText") VALUES (new.rowid, new."searchText");
END;

CREATE VIRTUAL TABLE "BackorderOrderSearch" USING fts5(
  "searchText", content = 'BackorderOrder', content_rowid = 'rowid', tokenize = 'trigram'
);
INSERT INTO "BackorderOrderSearch"("BackorderOrderSearch") VALUES ('rebuild');

CREATE TRIGGER "BackorderOrder_search_insert" AFTER INSERT ON "BackorderOrder" BEGIN
  INSERT INTO "BackorderOrderSearch"(rowid, "searchText") VALUES (new.rowid, new."searchText");
END;
CREATE TRIGGER "BackorderOrder_search_delete" AFTER DELETE ON "BackorderOrder" BEGIN
  INSERT INTO "BackorderOrderSearch"("BackorderOrderSearch", rowid, "searchText")
    VALUES ('delete', old.rowid, old."searchText");
END;
CREATE TRIGGER "BackorderOrder_search_update" AFTER UPDATE OF "searchText" ON "BackorderOrder" BEGIN
  INSERT INTO "BackorderOrderSearch"("BackorderOrderSearch", rowid, "searchText")
    VALUES ('delete', old.rowid, old."searchText");
  INSERT INTO "BackorderOrderSearch"(rowid, "searchText") VALUES (new.rowid, new."searchText");
END;

-- The "All" tab of the list (no status filter): one index walk per sort instead of one per status.
CREATE INDEX "BackorderLine_all_age_idx" ON "BackorderLine"("shop", "orderCreatedAt", "orderId", "lineItemId");
CREATE INDEX "BackorderLine_all_priority_idx" ON "BackorderLine"("shop", "sortPriority", "orderCreatedAt", "orderId", "lineItemId");
CREATE INDEX "BackorderLine_all_units_idx" ON "BackorderLine"("shop", "waitingUnits", "orderCreatedAt", "orderId", "lineItemId");
