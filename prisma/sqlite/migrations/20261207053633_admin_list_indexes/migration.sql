-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BackorderLine" (
    "shop" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderCreatedAt" DATETIME NOT NULL,
    "variantId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "tracked" BOOLEAN NOT NULL,
    "tags" TEXT NOT NULL,
    "priority" INTEGER,
    "status" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "inStock" INTEGER NOT NULL,
    "allocated" INTEGER NOT NULL,
    "partialAllocations" INTEGER NOT NULL DEFAULT 0,
    "productTitle" TEXT,
    "variantTitle" TEXT,
    "sku" TEXT,
    "waitingUnits" INTEGER NOT NULL DEFAULT 0,
    "sortPriority" INTEGER NOT NULL DEFAULT 2147483647,
    "searchText" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "lineItemId")
);
INSERT INTO "new_BackorderLine" ("allocated", "createdAt", "inStock", "inventoryItemId", "lineItemId", "locationId", "orderCreatedAt", "orderId", "partialAllocations", "priority", "productTitle", "quantity", "shop", "sku", "status", "tags", "tracked", "updatedAt", "variantId", "variantTitle") SELECT "allocated", "createdAt", "inStock", "inventoryItemId", "lineItemId", "locationId", "orderCreatedAt", "orderId", "partialAllocations", "priority", "productTitle", "quantity", "shop", "sku", "status", "tags", "tracked", "updatedAt", "variantId", "variantTitle" FROM "BackorderLine";
DROP TABLE "BackorderLine";
ALTER TABLE "new_BackorderLine" RENAME TO "BackorderLine";
CREATE INDEX "BackorderLine_shop_inventoryItemId_locationId_status_idx" ON "BackorderLine"("shop", "inventoryItemId", "locationId", "status");
CREATE INDEX "BackorderLine_shop_orderId_idx" ON "BackorderLine"("shop", "orderId");
CREATE INDEX "BackorderLine_shop_status_idx" ON "BackorderLine"("shop", "status");
CREATE INDEX "BackorderLine_list_age_idx" ON "BackorderLine"("shop", "status", "orderCreatedAt", "orderId", "lineItemId");
CREATE INDEX "BackorderLine_list_priority_idx" ON "BackorderLine"("shop", "status", "sortPriority", "orderCreatedAt", "orderId", "lineItemId");
CREATE INDEX "BackorderLine_list_units_idx" ON "BackorderLine"("shop", "status", "waitingUnits", "orderCreatedAt", "orderId", "lineItemId");
CREATE INDEX "BackorderLine_list_variant_idx" ON "BackorderLine"("shop", "variantId", "status");
CREATE TABLE "new_BackorderOrder" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "orderCreatedAt" DATETIME NOT NULL,
    "sourceUpdatedAt" DATETIME NOT NULL,
    "customerId" TEXT,
    "customerEmail" TEXT,
    "customerName" TEXT,
    "tags" TEXT NOT NULL,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "syncedMetafield" TEXT,
    "holds" TEXT NOT NULL DEFAULT '[]',
    "backordered" BOOLEAN NOT NULL DEFAULT false,
    "needsSync" BOOLEAN NOT NULL DEFAULT false,
    "searchText" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "orderId")
);
INSERT INTO "new_BackorderOrder" ("backordered", "cancelled", "createdAt", "customerEmail", "customerId", "customerName", "holds", "name", "needsSync", "orderCreatedAt", "orderId", "shop", "sourceUpdatedAt", "syncedMetafield", "tags", "updatedAt") SELECT "backordered", "cancelled", "createdAt", "customerEmail", "customerId", "customerName", "holds", "name", "needsSync", "orderCreatedAt", "orderId", "shop", "sourceUpdatedAt", "syncedMetafield", "tags", "updatedAt" FROM "BackorderOrder";
DROP TABLE "BackorderOrder";
ALTER TABLE "new_BackorderOrder" RENAME TO "BackorderOrder";
CREATE INDEX "BackorderOrder_shop_backordered_idx" ON "BackorderOrder"("shop", "backordered");
CREATE INDEX "BackorderOrder_shop_needsSync_idx" ON "BackorderOrder"("shop", "needsSync");
CREATE INDEX "BackorderOrder_shop_customerId_idx" ON "BackorderOrder"("shop", "customerId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Backfill the derived columns of rows written before them (the repository writes them from now on).
UPDATE "BackorderLine" SET
  "waitingUnits" = "quantity" - "inStock" - "allocated",
  "sortPriority" = COALESCE("priority", 2147483647),
  "searchText" = lower(COALESCE("sku", '') || ' | ' || COALESCE("productTitle", '') || ' | ' || COALESCE("variantTitle", ''));
UPDATE "BackorderOrder" SET
  "searchText" = lower("name" || ' | ' || COALESCE("customerName", '') || ' | ' || COALESCE("customerEmail", ''));
