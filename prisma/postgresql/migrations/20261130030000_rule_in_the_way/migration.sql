-- AlterTable
ALTER TABLE "GoodCall" ADD COLUMN "ruleInTheWay" TEXT;
