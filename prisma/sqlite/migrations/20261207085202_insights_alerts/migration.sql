-- CreateTable
CREATE TABLE "MerchantAlert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "detectedAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    "emailedAt" DATETIME
);

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
    "orderedUnits" INTEGER NOT NULL DEFAULT 0,
    "shippedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "lineItemId")
);
INSERT INTO "new_BackorderLine" ("allocated", "createdAt", "inStock", "inventoryItemId", "lineItemId", "locationId", "orderCreatedAt", "orderId", "partialAllocations", "priority", "productTitle", "quantity", "searchText", "shop", "sku", "sortPriority", "status", "tags", "tracked", "updatedAt", "variantId", "variantTitle", "waitingUnits") SELECT "allocated", "createdAt", "inStock", "inventoryItemId", "lineItemId", "locationId", "orderCreatedAt", "orderId", "partialAllocations", "priority", "productTitle", "quantity", "searchText", "shop", "sku", "sortPriority", "status", "tags", "tracked", "updatedAt", "variantId", "variantTitle", "waitingUnits" FROM "BackorderLine";
DROP TABLE "BackorderLine";
ALTER TABLE "new_BackorderLine" RENAME TO "BackorderLine";
CREATE INDEX "BackorderLine_shop_inventoryItemId_locationId_status_idx" ON "BackorderLine"("shop", "inventoryItemId", "locationId", "status");
CREATE INDEX "BackorderLine_shop_orderId_idx" ON "BackorderLine"("shop", "orderId");
CREATE INDEX "BackorderLine_shop_status_idx" ON "BackorderLine"("shop", "status");
CREATE INDEX "BackorderLine_list_age_idx" ON "BackorderLine"("shop", "status", "orderCreatedAt", "orderId", "lineItemId");
CREATE INDEX "BackorderLine_list_priority_idx" ON "BackorderLine"("shop", "status", "sortPriority", "orderCreatedAt", "orderId", "lineItemId");
CREATE INDEX "BackorderLine_list_units_idx" ON "BackorderLine"("shop", "status", "waitingUnits", "orderCreatedAt", "orderId", "lineItemId");
CREATE INDEX "BackorderLine_list_variant_idx" ON "BackorderLine"("shop", "variantId", "status");
CREATE INDEX "BackorderLine_demand_idx" ON "BackorderLine"("shop", "orderCreatedAt", "variantId");
CREATE INDEX "BackorderLine_shipped_idx" ON "BackorderLine"("shop", "shippedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "MerchantAlert_shop_subject_resolvedAt_idx" ON "MerchantAlert"("shop", "subject", "resolvedAt");

-- CreateIndex
CREATE INDEX "MerchantAlert_shop_emailedAt_idx" ON "MerchantAlert"("shop", "emailedAt");

-- CreateIndex
CREATE UNIQUE INDEX "MerchantAlert_shop_eventKey_key" ON "MerchantAlert"("shop", "eventKey");

-- Backfill: the open units are the best record of what older lines ordered, and a fulfilled line that waited shipped
-- when its history says it became fulfilled.
UPDATE "BackorderLine" SET "orderedUnits" = "quantity";
UPDATE "BackorderLine" SET "shippedAt" = (
    SELECT MAX(h."at") FROM "LineHistory" h
    WHERE h."shop" = "BackorderLine"."shop" AND h."lineItemId" = "BackorderLine"."lineItemId"
      AND h."toStatus" = 'fulfilled' AND h."fromStatus" IN ('backordered', 'partially_allocated', 'allocated', 'released')
) WHERE "status" = 'fulfilled';
