-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "lastReconciledAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN     "leaseToken" TEXT;
