-- AlterTable
ALTER TABLE "Team" ADD COLUMN "retentionMonths" INTEGER;

-- CreateTable
CREATE TABLE "RetentionRun" (
    "teamId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "months" INTEGER NOT NULL,
    "goodCalls" INTEGER NOT NULL,
    "stories" INTEGER NOT NULL,
    "ranAt" DATETIME NOT NULL,

    PRIMARY KEY ("teamId", "day"),
    CONSTRAINT "RetentionRun_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RetentionRun_teamId_ranAt_idx" ON "RetentionRun"("teamId", "ranAt");

