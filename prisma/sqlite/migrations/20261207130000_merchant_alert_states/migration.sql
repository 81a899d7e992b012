-- AlterTable
ALTER TABLE "MerchantAlert" ADD COLUMN "acknowledgedAt" DATETIME;
ALTER TABLE "MerchantAlert" ADD COLUMN "dismissedAt" DATETIME;

-- CreateTable
CREATE TABLE "MerchantAlertSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "settings" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
