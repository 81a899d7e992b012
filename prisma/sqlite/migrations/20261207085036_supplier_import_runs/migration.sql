-- CreateTable
CREATE TABLE "SupplierImportRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "filename" TEXT,
    "dryRun" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "bytes" INTEGER NOT NULL,
    "rows" INTEGER NOT NULL,
    "matched" INTEGER NOT NULL DEFAULT 0,
    "variants" INTEGER NOT NULL DEFAULT 0,
    "errorCount" INTEGER NOT NULL DEFAULT 0,
    "errors" TEXT NOT NULL DEFAULT '[]',
    "failure" TEXT,
    "slipCount" INTEGER NOT NULL DEFAULT 0,
    "importId" TEXT,
    "createdAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "SupplierImportSlip" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "promised" TEXT NOT NULL,
    "previous" TEXT NOT NULL,
    "revised" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "SupplierImportRun_shop_createdAt_idx" ON "SupplierImportRun"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "SupplierImportRun_shop_status_idx" ON "SupplierImportRun"("shop", "status");

-- CreateIndex
CREATE INDEX "SupplierImportSlip_shop_runId_idx" ON "SupplierImportSlip"("shop", "runId");
