import type { Logger, ShopDomain } from "./ports.js";

export interface ShopEventNote {
  shop: ShopDomain;
  topic: string;
  /** The resource's GID. */
  resourceId: string;
  /** A few fields worth seeing in the log (no personal data). */
  summary: Record<string, unknown>;
}

/**
 * Orders, inventory and product webhooks, until the backorder engine takes them over: Waitwell acknowledges what it
 * received, and the inbox row (PROCESSED) is the record.
 */
export function createNoteShopEvent(deps: { logger: Logger }) {
  return async function noteShopEvent(note: ShopEventNote): Promise<void> {
    deps.logger.info(`received ${note.topic}`, {
      shop: note.shop,
      resourceId: note.resourceId,
      ...note.summary,
    });
  };
}
