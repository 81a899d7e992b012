-- AlterTable
ALTER TABLE "MerchantAlert" ADD COLUMN     "acknowledgedAt" TIMESTAMP(3),
ADD COLUMN     "dismissedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "MerchantAlertSettings" (
    "shop" TEXT NOT NULL,
    "settings" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MerchantAlertSettings_pkey" PRIMARY KEY ("shop")
);
