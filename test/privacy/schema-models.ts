import { readFileSync } from "node:fs";
import path from "node:path";

/** Every model of the one data model (prisma/schema/models.prisma), read from the schema itself. */
export function schemaModels(): string[] {
  const schema = readFileSync(path.resolve(import.meta.dirname, "../../prisma/schema/models.prisma"), "utf8");
  return [...schema.matchAll(/^model\s+(\w+)\s*\{/gm)].map((m) => m[1]!);
}
