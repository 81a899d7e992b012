import type { CareRepository } from "../customer-care/ports.js";
import type { DataExportRepository, InboxRepository, Logger, ShopDomain } from "../ports.js";

export interface CustomerRedaction {
  shop: ShopDomain;
  customerId: string;
  orderIds: string[];
}

/**
 * customers/redact (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance): erase the personal data
 * we hold on a customer: the payloads of inbox rows that name them or their orders, and any data export made for
 * them, and customer care's records of them (contact facts, consents, emails, self-service actions). The inbox rows
 * themselves stay (what happened, not to whom). Idempotent: a second run touches nothing.
 */
export function createRedactCustomer(deps: {
  inbox: InboxRepository;
  exports: DataExportRepository;
  care?: Pick<CareRepository, "redactCustomer"> | undefined;
  logger: Logger;
}) {
  return async function redactCustomer(
    input: CustomerRedaction,
  ): Promise<{ inboxRows: number; exports: number; careRecords: number }> {
    const inboxRows = await deps.inbox.redactCustomer(input.shop, input.customerId, input.orderIds);
    const exports = await deps.exports.deleteByCustomer(input.shop, input.customerId);
    const careRecords = (await deps.care?.redactCustomer(input.shop, input.customerId, input.orderIds)) ?? 0;
    deps.logger.info("customer redacted", {
      shop: input.shop,
      customerId: input.customerId,
      inboxRows,
      exports,
      careRecords,
    });
    return { inboxRows, exports, careRecords };
  };
}
