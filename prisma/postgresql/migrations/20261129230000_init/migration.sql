-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "timeZone" TEXT NOT NULL,
    "digestWeekday" INTEGER NOT NULL DEFAULT 5,
    "digestMinute" INTEGER NOT NULL DEFAULT 900,
    "language" TEXT NOT NULL DEFAULT 'en',
    "feedEnabled" BOOLEAN NOT NULL DEFAULT false,
    "usualLimitCents" INTEGER,
    "usualLimitCurrency" TEXT,
    "followUpDays" INTEGER NOT NULL DEFAULT 7,
    "retentionMonths" INTEGER,
    "createdById" TEXT NOT NULL,
    "workspaceId" TEXT,
    "enterpriseId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamManager" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "preference" TEXT NOT NULL DEFAULT 'weekly',
    "unreachableAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TeamManager_pkey" PRIMARY KEY ("teamId","userId")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "joinedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("teamId","userId")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "locale" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GoodCall" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "what" TEXT NOT NULL,
    "why" TEXT,
    "tags" TEXT NOT NULL DEFAULT '',
    "valueCents" INTEGER,
    "currency" TEXT,
    "followUp" BOOLEAN NOT NULL DEFAULT false,
    "followUpDueAt" TIMESTAMPTZ(3),
    "outcome" TEXT,
    "outcomeNote" TEXT,
    "outcomeAt" TIMESTAMPTZ(3),
    "promiseDue" TEXT,
    "promiseRemindAt" TIMESTAMPTZ(3),
    "promiseStatus" TEXT,
    "promiseAt" TIMESTAMPTZ(3),
    "source" TEXT NOT NULL DEFAULT 'inline',
    "flaggedPii" BOOLEAN NOT NULL DEFAULT false,
    "feedTs" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "GoodCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Story" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Story_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Appreciation" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "fromUserId" TEXT NOT NULL,
    "toUserId" TEXT NOT NULL,
    "goodCallId" INTEGER,
    "storyId" INTEGER,
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Appreciation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "recipientId" TEXT,
    "periodStart" TIMESTAMPTZ(3),
    "periodEnd" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL DEFAULT 'claimed',
    "late" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "claimedBy" TEXT,
    "leaseUntil" TIMESTAMPTZ(3),
    "attemptStartedAt" TIMESTAMPTZ(3),
    "messageTs" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMPTZ(3),

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Improvement" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "ownerId" TEXT NOT NULL,
    "proposerId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'proposed',
    "declineReason" TEXT,
    "patternKey" TEXT,
    "patternLabel" TEXT,
    "doneAt" TIMESTAMPTZ(3),
    "messageTs" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Improvement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImprovementGoodCall" (
    "improvementId" INTEGER NOT NULL,
    "goodCallId" INTEGER NOT NULL,

    CONSTRAINT "ImprovementGoodCall_pkey" PRIMARY KEY ("improvementId","goodCallId")
);

-- CreateTable
CREATE TABLE "ReceivedEvent" (
    "eventId" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReceivedEvent_pkey" PRIMARY KEY ("eventId")
);

-- CreateTable
CREATE TABLE "RetentionRun" (
    "teamId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "months" INTEGER NOT NULL,
    "goodCalls" INTEGER NOT NULL,
    "stories" INTEGER NOT NULL,
    "ranAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RetentionRun_pkey" PRIMARY KEY ("teamId","day")
);

-- CreateTable
CREATE TABLE "Workspace" (
    "id" TEXT NOT NULL,
    "enterpriseId" TEXT,
    "installedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMPTZ(3),

    CONSTRAINT "Workspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Installation" (
    "key" TEXT NOT NULL,
    "enterpriseId" TEXT,
    "teamId" TEXT,
    "isEnterpriseInstall" BOOLEAN NOT NULL DEFAULT false,
    "appId" TEXT,
    "enterpriseUrl" TEXT,
    "tokenType" TEXT NOT NULL DEFAULT 'bot',
    "botToken" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "botUserId" TEXT NOT NULL,
    "botScopes" TEXT NOT NULL DEFAULT '',
    "botRefreshToken" TEXT,
    "botTokenExpiresAt" TIMESTAMPTZ(3),
    "installerUserId" TEXT NOT NULL,
    "installedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Installation_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Team_workspaceId_idx" ON "Team"("workspaceId");

-- CreateIndex
CREATE INDEX "TeamManager_userId_idx" ON "TeamManager"("userId");

-- CreateIndex
CREATE INDEX "TeamMember_userId_idx" ON "TeamMember"("userId");

-- CreateIndex
CREATE INDEX "GoodCall_followUpDueAt_idx" ON "GoodCall"("followUpDueAt");

-- CreateIndex
CREATE INDEX "GoodCall_promiseRemindAt_idx" ON "GoodCall"("promiseRemindAt");

-- CreateIndex
CREATE INDEX "GoodCall_teamId_createdAt_idx" ON "GoodCall"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "GoodCall_authorId_createdAt_idx" ON "GoodCall"("authorId", "createdAt");

-- CreateIndex
CREATE INDEX "GoodCall_teamId_authorId_createdAt_idx" ON "GoodCall"("teamId", "authorId", "createdAt");

-- CreateIndex
CREATE INDEX "GoodCall_teamId_outcomeAt_idx" ON "GoodCall"("teamId", "outcomeAt");

-- CreateIndex
CREATE INDEX "GoodCall_teamId_promiseRemindAt_idx" ON "GoodCall"("teamId", "promiseRemindAt");

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

-- CreateIndex
CREATE INDEX "Improvement_teamId_status_idx" ON "Improvement"("teamId", "status");

-- CreateIndex
CREATE INDEX "Improvement_teamId_createdAt_idx" ON "Improvement"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "Improvement_teamId_doneAt_idx" ON "Improvement"("teamId", "doneAt");

-- CreateIndex
CREATE INDEX "ImprovementGoodCall_goodCallId_idx" ON "ImprovementGoodCall"("goodCallId");

-- CreateIndex
CREATE INDEX "ReceivedEvent_receivedAt_idx" ON "ReceivedEvent"("receivedAt");

-- CreateIndex
CREATE INDEX "RetentionRun_teamId_ranAt_idx" ON "RetentionRun"("teamId", "ranAt");

-- CreateIndex
CREATE INDEX "Workspace_enterpriseId_idx" ON "Workspace"("enterpriseId");

-- CreateIndex
CREATE INDEX "Workspace_uninstalledAt_idx" ON "Workspace"("uninstalledAt");

-- CreateIndex
CREATE INDEX "Installation_enterpriseId_idx" ON "Installation"("enterpriseId");

-- AddForeignKey
ALTER TABLE "Team" ADD CONSTRAINT "Team_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamManager" ADD CONSTRAINT "TeamManager_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoodCall" ADD CONSTRAINT "GoodCall_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Story" ADD CONSTRAINT "Story_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Story" ADD CONSTRAINT "Story_goodCallId_fkey" FOREIGN KEY ("goodCallId") REFERENCES "GoodCall"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appreciation" ADD CONSTRAINT "Appreciation_goodCallId_fkey" FOREIGN KEY ("goodCallId") REFERENCES "GoodCall"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appreciation" ADD CONSTRAINT "Appreciation_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Improvement" ADD CONSTRAINT "Improvement_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImprovementGoodCall" ADD CONSTRAINT "ImprovementGoodCall_improvementId_fkey" FOREIGN KEY ("improvementId") REFERENCES "Improvement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImprovementGoodCall" ADD CONSTRAINT "ImprovementGoodCall_goodCallId_fkey" FOREIGN KEY ("goodCallId") REFERENCES "GoodCall"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetentionRun" ADD CONSTRAINT "RetentionRun_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

