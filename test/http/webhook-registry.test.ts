import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../web/server/adapters/logger.js";
import { createMemoryRepositories } from "../../web/server/adapters/memory/index.js";
import { createWebhookHandlers } from "../../web/server/main.js";

const root = path.resolve(import.meta.dirname, "../..");
const tomlText = readFileSync(path.join(root, "shopify.app.toml"), "utf8");

interface Subscription {
  topics?: string[];
  compliance_topics?: string[];
  uri: string;
}

const subscriptions = (parse(tomlText) as unknown as { webhooks: { subscriptions: Subscription[] } }).webhooks
  .subscriptions;
const subscribed = subscriptions.flatMap((s) => [...(s.topics ?? []), ...(s.compliance_topics ?? [])]);
const registry = createWebhookHandlers({
  repositories: createMemoryRepositories(),
  clock: { now: () => new Date() },
  logger: createMemoryLogger(),
});

/** "orders/create" → "orders-create.handler.ts": one file per topic, named after it. */
const fileOf = (topic: string) => `${topic.replace(/[/_]/g, "-")}.handler.ts`;

describe("webhook handler registry", () => {
  it("has exactly one handler per topic subscribed in shopify.app.toml", () => {
    expect(Object.keys(registry).sort()).toEqual([...subscribed].sort());
  });

  it("points every subscription at POST /webhooks", () => {
    expect(new Set(subscriptions.map((s) => s.uri))).toEqual(new Set(["/webhooks"]));
  });

  it.each(subscribed)("%s: its handler file exists and shopify.app.toml names it", (topic) => {
    const file = fileOf(topic);
    expect(existsSync(path.join(root, "web/server/webhooks", file))).toBe(true);
    expect(tomlText).toContain(file);
  });
});
