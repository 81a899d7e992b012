-- AlterTable
ALTER TABLE "BackorderLine" ADD COLUMN     "orderedUnits" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "shippedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "MerchantAlert" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "detectedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "emailedAt" TIMESTAMP(3),

    CONSTRAINT "MerchantAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MerchantAlert_shop_subject_resolvedAt_idx" ON "MerchantAlert"("shop", "subject", "resolvedAt");

-- CreateIndex
CREATE INDEX "MerchantAlert_shop_emailedAt_idx" ON "MerchantAlert"("shop", "emailedAt");

-- CreateIndex
CREATE UNIQUE INDEX "MerchantAlert_shop_eventKey_key" ON "MerchantAlert"("shop", "eventKey");

-- CreateIndex
CREATE INDEX "BackorderLine_demand_idx" ON "BackorderLine"("shop", "orderCreatedAt", "variantId");

-- CreateIndex
CREATE INDEX "BackorderLine_shipped_idx" ON "BackorderLine"("shop", "shippedAt");

-- Backfill: the open units are the best record of what older lines ordered, and a fulfilled line that waited shipped
-- when its history says it became fulfilled.
UPDATE "BackorderLine" SET "orderedUnits" = "quantity";
UPDATE "BackorderLine" SET "shippedAt" = (
    SELECT MAX(h."at") FROM "LineHistory" h
    WHERE h."shop" = "BackorderLine"."shop" AND h."lineItemId" = "BackorderLine"."lineItemId"
      AND h."toStatus" = 'fulfilled' AND h."fromStatus" IN ('backordered', 'partially_allocated', 'allocated', 'released')
) WHERE "status" = 'fulfilled';
