-- AlterTable
ALTER TABLE "GoodCall" ADD COLUMN "visibility" TEXT NOT NULL DEFAULT 'team';
