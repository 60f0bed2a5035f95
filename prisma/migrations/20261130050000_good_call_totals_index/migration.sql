-- A period's totals (good calls, people, value given, and through the id its appreciations) for last
-- week's comparison in every digest are read from this index alone, not from one table page per good
-- call: (teamId, createdAt) widened, so a quick log still writes as many index entries as before. The
-- id is there for PostgreSQL, whose indexes do not hold it as SQLite's hold the rowid.

-- DropIndex
DROP INDEX "GoodCall_teamId_createdAt_idx";

-- CreateIndex
CREATE INDEX "GoodCall_teamId_createdAt_authorId_valueCents_currency_id_idx" ON "GoodCall"("teamId", "createdAt", "authorId", "valueCents", "currency", "id");
