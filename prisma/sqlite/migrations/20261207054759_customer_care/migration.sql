-- CreateTable
CREATE TABLE "CareOrder" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "customerName" TEXT,
    "locale" TEXT NOT NULL,
    "acknowledgedAt" DATETIME,
    "lines" TEXT NOT NULL DEFAULT '{}',
    "currency" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "orderId")
);

-- CreateTable
CREATE TABLE "LineConsent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "customerId" TEXT,
    "kind" TEXT NOT NULL,
    "eta" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "givenAt" DATETIME NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LineNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sentOn" TEXT NOT NULL,
    "revised" TEXT NOT NULL,
    "messageKey" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "OutboundMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "orderId" TEXT,
    "customerId" TEXT,
    "to" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" DATETIME,
    "subject" TEXT,
    "providerAnswer" TEXT,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME
);

-- CreateTable
CREATE TABLE "MessageTemplate" (
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "kind", "locale")
);

-- CreateTable
CREATE TABLE "CareSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "settings" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CustomerAction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CareTask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dueOn" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" DATETIME
);

-- CreateTable
CREATE TABLE "WaitIncentive" (
    "shop" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "discountId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "lineItemId")
);

-- CreateIndex
CREATE INDEX "CareOrder_shop_customerId_idx" ON "CareOrder"("shop", "customerId");

-- CreateIndex
CREATE INDEX "LineConsent_shop_orderId_idx" ON "LineConsent"("shop", "orderId");

-- CreateIndex
CREATE INDEX "LineConsent_shop_customerId_idx" ON "LineConsent"("shop", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "LineConsent_shop_lineItemId_kind_givenAt_key" ON "LineConsent"("shop", "lineItemId", "kind", "givenAt");

-- CreateIndex
CREATE INDEX "LineNotice_shop_lineItemId_idx" ON "LineNotice"("shop", "lineItemId");

-- CreateIndex
CREATE UNIQUE INDEX "LineNotice_shop_lineItemId_messageKey_key" ON "LineNotice"("shop", "lineItemId", "messageKey");

-- CreateIndex
CREATE INDEX "OutboundMessage_status_nextAttemptAt_idx" ON "OutboundMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboundMessage_shop_orderId_idx" ON "OutboundMessage"("shop", "orderId");

-- CreateIndex
CREATE INDEX "OutboundMessage_shop_customerId_idx" ON "OutboundMessage"("shop", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboundMessage_shop_eventKey_key" ON "OutboundMessage"("shop", "eventKey");

-- CreateIndex
CREATE INDEX "CustomerAction_shop_orderId_idx" ON "CustomerAction"("shop", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerAction_shop_key_key" ON "CustomerAction"("shop", "key");

-- CreateIndex
CREATE INDEX "CareTask_shop_resolvedAt_idx" ON "CareTask"("shop", "resolvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CareTask_shop_lineItemId_kind_dueOn_key" ON "CareTask"("shop", "lineItemId", "kind", "dueOn");
