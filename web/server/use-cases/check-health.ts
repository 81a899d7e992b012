import type { HealthProbe, InboxRepository, Logger } from "./ports.js";

export type Health =
  | { status: "ok"; database: "up"; inboxDepth: number }
  | { status: "unavailable"; database: "down"; inboxDepth: null };

export function createCheckHealth(deps: { probe: HealthProbe; inbox: InboxRepository; logger: Logger }) {
  return async function checkHealth(): Promise<Health> {
    try {
      await deps.probe.ping();
      return { status: "ok", database: "up", inboxDepth: await deps.inbox.depth() };
    } catch (error) {
      deps.logger.error("health check: database unreachable", { error: String(error) });
      return { status: "unavailable", database: "down", inboxDepth: null };
    }
  };
}
