-- CreateTable
CREATE TABLE "CareOrder" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "customerName" TEXT,
    "locale" TEXT NOT NULL,
    "acknowledgedAt" TIMESTAMP(3),
    "lines" TEXT NOT NULL DEFAULT '{}',
    "currency" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CareOrder_pkey" PRIMARY KEY ("shop","orderId")
);

-- CreateTable
CREATE TABLE "LineConsent" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "customerId" TEXT,
    "kind" TEXT NOT NULL,
    "eta" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "givenAt" TIMESTAMP(3) NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LineConsent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LineNotice" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sentOn" TEXT NOT NULL,
    "revised" TEXT NOT NULL,
    "messageKey" TEXT NOT NULL,

    CONSTRAINT "LineNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboundMessage" (
    "id" TEXT NOT NULL,
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
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "subject" TEXT,
    "providerAnswer" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageTemplate" (
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageTemplate_pkey" PRIMARY KEY ("shop","kind","locale")
);

-- CreateTable
CREATE TABLE "CareSettings" (
    "shop" TEXT NOT NULL,
    "settings" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CareSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "CustomerAction" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CareTask" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dueOn" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "CareTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WaitIncentive" (
    "shop" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "discountId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WaitIncentive_pkey" PRIMARY KEY ("shop","lineItemId")
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
