-- AlterTable
ALTER TABLE "BackorderLine" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "sortPriority" INTEGER NOT NULL DEFAULT 2147483647,
ADD COLUMN     "waitingUnits" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "BackorderOrder" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "BackorderLine_list_age_idx" ON "BackorderLine"("shop", "status", "orderCreatedAt", "orderId", "lineItemId");

-- CreateIndex
CREATE INDEX "BackorderLine_list_priority_idx" ON "BackorderLine"("shop", "status", "sortPriority", "orderCreatedAt", "orderId", "lineItemId");

-- CreateIndex
CREATE INDEX "BackorderLine_list_units_idx" ON "BackorderLine"("shop", "status", "waitingUnits", "orderCreatedAt", "orderId", "lineItemId");

-- CreateIndex
CREATE INDEX "BackorderLine_list_variant_idx" ON "BackorderLine"("shop", "variantId", "status");

-- Backfill the derived columns of rows written before them (the repository writes them from now on).
UPDATE "BackorderLine" SET
  "waitingUnits" = "quantity" - "inStock" - "allocated",
  "sortPriority" = COALESCE("priority", 2147483647),
  "searchText" = lower(COALESCE("sku", '') || ' | ' || COALESCE("productTitle", '') || ' | ' || COALESCE("variantTitle", ''));
UPDATE "BackorderOrder" SET
  "searchText" = lower("name" || ' | ' || COALESCE("customerName", '') || ' | ' || COALESCE("customerEmail", ''));
