-- CreateTable
CREATE TABLE "InventoryLevelMirror" (
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "available" INTEGER NOT NULL,
    "asOf" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "inventoryItemId", "locationId")
);

-- CreateTable
CREATE TABLE "VariantMirror" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "sku" TEXT,
    "tracked" BOOLEAN NOT NULL,
    "inventoryPolicy" TEXT NOT NULL,
    "asOf" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "variantId")
);

-- CreateTable
CREATE TABLE "BackorderOrder" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "orderId")
);

-- CreateTable
CREATE TABLE "BackorderLine" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "lineItemId")
);

-- CreateTable
CREATE TABLE "LineHistory" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "causeKind" TEXT NOT NULL,
    "causeRef" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "fromStatus" TEXT NOT NULL,
    "toStatus" TEXT NOT NULL,
    "before" TEXT NOT NULL,
    "after" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "VariantMirror_shop_inventoryItemId_idx" ON "VariantMirror"("shop", "inventoryItemId");

-- CreateIndex
CREATE INDEX "BackorderOrder_shop_backordered_idx" ON "BackorderOrder"("shop", "backordered");

-- CreateIndex
CREATE INDEX "BackorderOrder_shop_needsSync_idx" ON "BackorderOrder"("shop", "needsSync");

-- CreateIndex
CREATE INDEX "BackorderOrder_shop_customerId_idx" ON "BackorderOrder"("shop", "customerId");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_inventoryItemId_locationId_status_idx" ON "BackorderLine"("shop", "inventoryItemId", "locationId", "status");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_orderId_idx" ON "BackorderLine"("shop", "orderId");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_status_idx" ON "BackorderLine"("shop", "status");

-- CreateIndex
CREATE INDEX "LineHistory_shop_lineItemId_at_idx" ON "LineHistory"("shop", "lineItemId", "at");
