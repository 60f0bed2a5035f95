-- Most good calls have no follow-up, outcome or promise: their indexes keep only the rows that do,
-- so a quick log writes four index entries fewer. Prisma's schema cannot say "partial": the
-- @@index lines in schema.prisma name these indexes, and test/db/migrations.test.ts lists them as
-- partial with these conditions (every query on them compares the column, which implies NOT NULL).

-- DropIndex
DROP INDEX "GoodCall_followUpDueAt_idx";

-- DropIndex
DROP INDEX "GoodCall_promiseRemindAt_idx";

-- DropIndex
DROP INDEX "GoodCall_teamId_outcomeAt_idx";

-- DropIndex
DROP INDEX "GoodCall_teamId_promiseRemindAt_idx";

-- CreateIndex
CREATE INDEX "GoodCall_followUpDueAt_idx" ON "GoodCall"("followUpDueAt") WHERE "followUpDueAt" IS NOT NULL;

-- CreateIndex
CREATE INDEX "GoodCall_promiseRemindAt_idx" ON "GoodCall"("promiseRemindAt") WHERE "promiseRemindAt" IS NOT NULL;

-- CreateIndex
CREATE INDEX "GoodCall_teamId_outcomeAt_idx" ON "GoodCall"("teamId", "outcomeAt") WHERE "outcomeAt" IS NOT NULL;

-- CreateIndex
CREATE INDEX "GoodCall_teamId_promiseRemindAt_idx" ON "GoodCall"("teamId", "promiseRemindAt") WHERE "promiseRemindAt" IS NOT NULL;
