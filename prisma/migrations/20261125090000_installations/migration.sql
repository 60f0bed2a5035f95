-- CreateTable
CREATE TABLE "Workspace" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "enterpriseId" TEXT,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME
);

-- CreateTable
CREATE TABLE "Installation" (
    "key" TEXT NOT NULL PRIMARY KEY,
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
    "botTokenExpiresAt" DATETIME,
    "installerUserId" TEXT NOT NULL,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Team" (
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
    "retentionMonths" INTEGER,
    "createdById" TEXT NOT NULL,
    "workspaceId" TEXT,
    "enterpriseId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Team_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Team" ("createdAt", "createdById", "digestMinute", "digestWeekday", "feedEnabled", "followUpDays", "id", "language", "name", "retentionMonths", "timeZone", "updatedAt", "usualLimitCents", "usualLimitCurrency") SELECT "createdAt", "createdById", "digestMinute", "digestWeekday", "feedEnabled", "followUpDays", "id", "language", "name", "retentionMonths", "timeZone", "updatedAt", "usualLimitCents", "usualLimitCurrency" FROM "Team";
DROP TABLE "Team";
ALTER TABLE "new_Team" RENAME TO "Team";
CREATE INDEX "Team_workspaceId_idx" ON "Team"("workspaceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Workspace_enterpriseId_idx" ON "Workspace"("enterpriseId");

-- CreateIndex
CREATE INDEX "Workspace_uninstalledAt_idx" ON "Workspace"("uninstalledAt");

-- CreateIndex
CREATE INDEX "Installation_enterpriseId_idx" ON "Installation"("enterpriseId");

