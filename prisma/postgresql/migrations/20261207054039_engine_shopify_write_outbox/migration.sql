-- AlterTable
ALTER TABLE "BackorderOrder" ADD COLUMN     "shopifyTouched" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ShopifyWrite" (
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "urgency" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopifyWrite_pkey" PRIMARY KEY ("shop","kind","targetId")
);

-- CreateIndex
CREATE INDEX "ShopifyWrite_shop_dueAt_idx" ON "ShopifyWrite"("shop", "dueAt");

-- CreateIndex
CREATE INDEX "ShopifyWrite_dueAt_idx" ON "ShopifyWrite"("dueAt");
