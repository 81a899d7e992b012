import type { ApiClient } from "./client";
import type { InboxEvent, InboxEventDetail, InboxPage, InboxQuery, ShopOverview } from "./types";

/** Waitwell's admin API, one method per endpoint. Pages depend on this interface, tests can fake it or fetch. */
export interface WaitwellApi {
  getShop(signal?: AbortSignal): Promise<ShopOverview>;
  listInbox(query: InboxQuery, signal?: AbortSignal): Promise<InboxPage>;
  getInboxEvent(id: string, signal?: AbortSignal): Promise<InboxEventDetail>;
  /** Puts a DEAD event back in the queue; the server answers 409 for any other status. */
  replayInboxEvent(id: string): Promise<InboxEvent>;
}

export function createWaitwellApi(client: ApiClient): WaitwellApi {
  return {
    getShop: (signal) => client.request("/api/shop", { signal }),
    listInbox: (query, signal) => client.request("/api/inbox", { query: { ...query }, signal }),
    getInboxEvent: (id, signal) => client.request(`/api/inbox/${encodeURIComponent(id)}`, { signal }),
    replayInboxEvent: (id) =>
      client.request(`/api/inbox/${encodeURIComponent(id)}/replay`, { method: "POST" }),
  };
}
