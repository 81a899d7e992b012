-- AlterTable
ALTER TABLE "LinePromise" ADD COLUMN "agreed" TEXT;
