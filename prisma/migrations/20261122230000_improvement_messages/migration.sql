-- AlterTable
ALTER TABLE "Improvement" ADD COLUMN "messageTs" TEXT;

