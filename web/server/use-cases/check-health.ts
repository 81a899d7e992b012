import type { HealthProbe, Logger } from "./ports.js";

/**
 * What a load balancer needs and nothing more: up or down, and whether the database answers. It is served without
 * auth, so it says nothing about the shops (their inbox counts are in GET /api/shop, behind the session token).
 */
export type Health = { status: "ok"; database: "up" } | { status: "unavailable"; database: "down" };

export function createCheckHealth(deps: { probe: HealthProbe; logger: Logger }) {
  return async function checkHealth(): Promise<Health> {
    try {
      await deps.probe.ping();
      return { status: "ok", database: "up" };
    } catch (error) {
      deps.logger.error("health check: database unreachable", { error: String(error) });
      return { status: "unavailable", database: "down" };
    }
  };
}
