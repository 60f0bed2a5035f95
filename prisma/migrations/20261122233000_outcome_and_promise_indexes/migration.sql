-- CreateIndex
CREATE INDEX "GoodCall_teamId_outcomeAt_idx" ON "GoodCall"("teamId", "outcomeAt");

-- CreateIndex
CREATE INDEX "GoodCall_teamId_promiseRemindAt_idx" ON "GoodCall"("teamId", "promiseRemindAt");

