/**
 * Erasure is complete by construction: every model of the schema is listed by exactly one holder of the privacy
 * registry, which both redact paths and the data export walk. Adding a model without listing it fails here.
 */
import { describe, expect, it } from "vitest";
import { createMemoryRepositories } from "../../web/server/adapters/memory/index.js";
import { createPrivacyRegistry } from "../../web/server/use-cases/privacy/registry.js";
import { schemaModels } from "./schema-models.js";

describe("privacy registry", () => {
  const registry = createPrivacyRegistry({ ...createMemoryRepositories(), availability: null, care: null });
  const listed = registry.flatMap(([, holder]) => holder.models);

  it("lists every model of prisma/schema/models.prisma", () => {
    const missing = schemaModels().filter((m) => !listed.includes(m));
    expect(missing, `models with no privacy holder: ${missing.join(", ")}`).toEqual([]);
  });

  it("lists each model once, and only models that exist", () => {
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.filter((m) => !schemaModels().includes(m))).toEqual([]);
  });

  it("erases the shop row last", () => {
    expect(registry.at(-1)?.[1].models).toEqual(["Shop"]);
  });
});
