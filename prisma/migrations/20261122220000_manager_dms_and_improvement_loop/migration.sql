-- AlterTable
ALTER TABLE "TeamManager" ADD COLUMN "unreachableAt" DATETIME;

-- AlterTable
ALTER TABLE "GoodCall" ADD COLUMN "followUpDueAt" DATETIME;
ALTER TABLE "GoodCall" ADD COLUMN "outcome" TEXT;
ALTER TABLE "GoodCall" ADD COLUMN "outcomeAt" DATETIME;
ALTER TABLE "GoodCall" ADD COLUMN "outcomeNote" TEXT;
ALTER TABLE "GoodCall" ADD COLUMN "promiseAt" DATETIME;
ALTER TABLE "GoodCall" ADD COLUMN "promiseDue" TEXT;
ALTER TABLE "GoodCall" ADD COLUMN "promiseRemindAt" DATETIME;
ALTER TABLE "GoodCall" ADD COLUMN "promiseStatus" TEXT;

-- CreateTable
CREATE TABLE "Improvement" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "ownerId" TEXT NOT NULL,
    "proposerId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'proposed',
    "declineReason" TEXT,
    "patternKey" TEXT,
    "patternLabel" TEXT,
    "doneAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Improvement_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ImprovementGoodCall" (
    "improvementId" INTEGER NOT NULL,
    "goodCallId" INTEGER NOT NULL,

    PRIMARY KEY ("improvementId", "goodCallId"),
    CONSTRAINT "ImprovementGoodCall_improvementId_fkey" FOREIGN KEY ("improvementId") REFERENCES "Improvement" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ImprovementGoodCall_goodCallId_fkey" FOREIGN KEY ("goodCallId") REFERENCES "GoodCall" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Story" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "quote" TEXT,
    "goodCallId" INTEGER,
    "permalink" TEXT,
    "flaggedPii" BOOLEAN NOT NULL DEFAULT false,
    "pendingConsent" BOOLEAN NOT NULL DEFAULT false,
    "feedTs" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Story_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Story_goodCallId_fkey" FOREIGN KEY ("goodCallId") REFERENCES "GoodCall" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Story" ("authorId", "body", "createdAt", "feedTs", "flaggedPii", "goodCallId", "id", "permalink", "quote", "teamId", "title", "updatedAt") SELECT "authorId", "body", "createdAt", "feedTs", "flaggedPii", "goodCallId", "id", "permalink", "quote", "teamId", "title", "updatedAt" FROM "Story";
DROP TABLE "Story";
ALTER TABLE "new_Story" RENAME TO "Story";
CREATE INDEX "Story_teamId_createdAt_idx" ON "Story"("teamId", "createdAt");
CREATE INDEX "Story_authorId_createdAt_idx" ON "Story"("authorId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Improvement_teamId_status_idx" ON "Improvement"("teamId", "status");

-- CreateIndex
CREATE INDEX "Improvement_teamId_createdAt_idx" ON "Improvement"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "Improvement_teamId_doneAt_idx" ON "Improvement"("teamId", "doneAt");

-- CreateIndex
CREATE INDEX "ImprovementGoodCall_goodCallId_idx" ON "ImprovementGoodCall"("goodCallId");

-- CreateIndex
CREATE INDEX "GoodCall_followUpDueAt_idx" ON "GoodCall"("followUpDueAt");

-- CreateIndex
CREATE INDEX "GoodCall_promiseRemindAt_idx" ON "GoodCall"("promiseRemindAt");

