-- A chunk of digests counts the appreciations of its teams' good calls from this index alone: each
-- team's appreciations since its period began are one range, where a count per good call was one
-- probe of the (goodCallId, fromUserId) key per good call. (teamId, createdAt) widened, so giving
-- thanks still writes as many index entries as before.

-- DropIndex
DROP INDEX "Appreciation_teamId_createdAt_idx";

-- CreateIndex
CREATE INDEX "Appreciation_teamId_createdAt_goodCallId_idx" ON "Appreciation"("teamId", "createdAt", "goodCallId");
