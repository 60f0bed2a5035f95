-- CreateTable
CREATE TABLE "ReceivedEvent" (
    "eventId" TEXT NOT NULL PRIMARY KEY,
    "receivedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ReceivedEvent_receivedAt_idx" ON "ReceivedEvent"("receivedAt");

