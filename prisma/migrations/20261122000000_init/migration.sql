-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL DEFAULT '',
    "timeZone" TEXT NOT NULL,
    "digestWeekday" INTEGER NOT NULL DEFAULT 5,
    "digestMinute" INTEGER NOT NULL DEFAULT 900,
    "language" TEXT NOT NULL DEFAULT 'en',
    "feedEnabled" BOOLEAN NOT NULL DEFAULT false,
    "usualLimitCents" INTEGER,
    "usualLimitCurrency" TEXT,
    "followUpDays" INTEGER NOT NULL DEFAULT 7,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TeamManager" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "preference" TEXT NOT NULL DEFAULT 'weekly',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("teamId", "userId"),
    CONSTRAINT "TeamManager_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "joinedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("teamId", "userId"),
    CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "locale" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "GoodCall" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "what" TEXT NOT NULL,
    "why" TEXT,
    "tags" TEXT NOT NULL DEFAULT '',
    "valueCents" INTEGER,
    "currency" TEXT,
    "followUp" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL DEFAULT 'inline',
    "flaggedPii" BOOLEAN NOT NULL DEFAULT false,
    "feedTs" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "GoodCall_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Story" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "quote" TEXT,
    "goodCallId" INTEGER,
    "permalink" TEXT,
    "flaggedPii" BOOLEAN NOT NULL DEFAULT false,
    "feedTs" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Story_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Story_goodCallId_fkey" FOREIGN KEY ("goodCallId") REFERENCES "GoodCall" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Appreciation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "fromUserId" TEXT NOT NULL,
    "toUserId" TEXT NOT NULL,
    "goodCallId" INTEGER,
    "storyId" INTEGER,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Appreciation_goodCallId_fkey" FOREIGN KEY ("goodCallId") REFERENCES "GoodCall" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Appreciation_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "recipientId" TEXT,
    "periodStart" DATETIME,
    "periodEnd" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'claimed',
    "late" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" DATETIME,
    "claimedBy" TEXT,
    "leaseUntil" DATETIME,
    "attemptStartedAt" DATETIME,
    "messageTs" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" DATETIME,
    CONSTRAINT "Delivery_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TeamManager_userId_idx" ON "TeamManager"("userId");

-- CreateIndex
CREATE INDEX "TeamMember_userId_idx" ON "TeamMember"("userId");

-- CreateIndex
CREATE INDEX "GoodCall_teamId_createdAt_idx" ON "GoodCall"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "GoodCall_authorId_createdAt_idx" ON "GoodCall"("authorId", "createdAt");

-- CreateIndex
CREATE INDEX "GoodCall_teamId_authorId_createdAt_idx" ON "GoodCall"("teamId", "authorId", "createdAt");

-- CreateIndex
CREATE INDEX "Story_teamId_createdAt_idx" ON "Story"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "Story_authorId_createdAt_idx" ON "Story"("authorId", "createdAt");

-- CreateIndex
CREATE INDEX "Appreciation_toUserId_createdAt_idx" ON "Appreciation"("toUserId", "createdAt");

-- CreateIndex
CREATE INDEX "Appreciation_teamId_createdAt_idx" ON "Appreciation"("teamId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Appreciation_goodCallId_fromUserId_key" ON "Appreciation"("goodCallId", "fromUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Appreciation_storyId_fromUserId_key" ON "Appreciation"("storyId", "fromUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_key_key" ON "Delivery"("key");

-- CreateIndex
CREATE INDEX "Delivery_kind_teamId_periodEnd_idx" ON "Delivery"("kind", "teamId", "periodEnd");

-- CreateIndex
CREATE INDEX "Delivery_status_nextAttemptAt_idx" ON "Delivery"("status", "nextAttemptAt");

