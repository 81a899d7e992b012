-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "lastReconciledAt" DATETIME;

-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN "leaseToken" TEXT;
