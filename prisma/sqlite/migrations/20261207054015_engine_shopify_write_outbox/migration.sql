-- CreateTable
CREATE TABLE "ShopifyWrite" (
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "urgency" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "dueAt" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lockedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "kind", "targetId")
);

-- AlterTable (additive: a column with a default, no table rebuild)
ALTER TABLE "BackorderOrder" ADD COLUMN "shopifyTouched" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "ShopifyWrite_shop_dueAt_idx" ON "ShopifyWrite"("shop", "dueAt");

-- CreateIndex
CREATE INDEX "ShopifyWrite_dueAt_idx" ON "ShopifyWrite"("dueAt");
