-- A period's totals (good calls, people, value given) for last week's comparison in every digest are
-- read from this index alone, not from one table page per good call: (teamId, createdAt) widened, so
-- a quick log still writes as many index entries as before.

-- DropIndex
DROP INDEX "GoodCall_teamId_createdAt_idx";

-- CreateIndex
CREATE INDEX "GoodCall_teamId_createdAt_authorId_valueCents_currency_idx" ON "GoodCall"("teamId", "createdAt", "authorId", "valueCents", "currency");
