-- CreateTable
CREATE TABLE "BackorderRule" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "scopeKind" TEXT NOT NULL,
    "scopeValue" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "settings" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BackorderRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProductMirror" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "vendor" TEXT,
    "productType" TEXT,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "collectionIds" TEXT NOT NULL DEFAULT '[]',
    "variants" TEXT NOT NULL DEFAULT '[]',
    "asOf" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProductMirror_pkey" PRIMARY KEY ("shop","productId")
);

-- CreateTable
CREATE TABLE "SupplierImport" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "filename" TEXT,
    "rows" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SupplierImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupplierEta" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "expectedOn" TEXT NOT NULL,
    "quantity" INTEGER,
    "importId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SupplierEta_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubstituteChoice" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "substituteId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubstituteChoice_pkey" PRIMARY KEY ("shop","variantId","substituteId")
);

-- CreateTable
CREATE TABLE "VariantSync" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "availability" TEXT,
    "policy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VariantSync_pkey" PRIMARY KEY ("shop","variantId")
);

-- CreateTable
CREATE TABLE "LinePromise" (
    "shop" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "promised" TEXT NOT NULL,
    "promisedAt" TIMESTAMP(3) NOT NULL,
    "current" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LinePromise_pkey" PRIMARY KEY ("shop","lineItemId")
);

-- CreateTable
CREATE TABLE "EtaSlip" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "promised" TEXT NOT NULL,
    "revised" TEXT NOT NULL,
    "detectedAt" TIMESTAMP(3) NOT NULL,
    "notifiedAt" TIMESTAMP(3),

    CONSTRAINT "EtaSlip_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BackorderRule_shop_scopeKind_scopeValue_key" ON "BackorderRule"("shop", "scopeKind", "scopeValue");

-- CreateIndex
CREATE INDEX "SupplierImport_shop_createdAt_idx" ON "SupplierImport"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "SupplierEta_shop_variantId_idx" ON "SupplierEta"("shop", "variantId");

-- CreateIndex
CREATE INDEX "EtaSlip_shop_lineItemId_idx" ON "EtaSlip"("shop", "lineItemId");

-- CreateIndex
CREATE INDEX "EtaSlip_shop_notifiedAt_idx" ON "EtaSlip"("shop", "notifiedAt");
