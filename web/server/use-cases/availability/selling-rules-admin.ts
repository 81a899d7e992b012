import { validateRule, type BackorderRule } from "../../domain/rules/index.js";
import { NotFoundError, ValidationError } from "../../errors.js";
import type { Clock, ShopDomain } from "../ports.js";
import type { PromiseRepository, RuleInput, SyncRequester } from "./ports.js";

export interface RulesAdminDeps {
  repository: PromiseRepository;
  clock: Clock;
  requestSync: SyncRequester;
}

/**
 * Backorder rules CRUD for the admin. A rule is checked as a whole (validateRule: real GIDs and dates, a window
 * that ends after it starts…) and every problem is reported at once. Any change can move any variant the rule
 * covers, so the shop's governed variants are re-synced in the background.
 */
export function createRulesAdmin(deps: RulesAdminDeps) {
  const { repository, clock, requestSync } = deps;

  function check(input: RuleInput): void {
    const problems = validateRule({ id: "new", updatedAt: clock.now(), ...input });
    if (problems.length > 0) {
      throw new ValidationError(
        `Invalid rule: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`,
        problems,
      );
    }
  }

  return {
    list(shop: ShopDomain): Promise<BackorderRule[]> {
      return repository.listRules(shop);
    },

    async get(shop: ShopDomain, id: string): Promise<BackorderRule> {
      const rule = await repository.getRule(shop, id);
      if (!rule) throw new NotFoundError(`No rule ${id}`);
      return rule;
    },

    async create(shop: ShopDomain, input: RuleInput): Promise<BackorderRule> {
      check(input);
      const rule = await repository.createRule(shop, input, clock.now());
      requestSync(shop, "all");
      return rule;
    },

    async update(shop: ShopDomain, id: string, input: RuleInput): Promise<BackorderRule> {
      check(input);
      const rule = await repository.updateRule(shop, id, input, clock.now());
      if (!rule) throw new NotFoundError(`No rule ${id}`);
      requestSync(shop, "all");
      return rule;
    },

    async remove(shop: ShopDomain, id: string): Promise<void> {
      if (!(await repository.deleteRule(shop, id))) throw new NotFoundError(`No rule ${id}`);
      requestSync(shop, "all");
    },
  };
}

export type RulesAdmin = ReturnType<typeof createRulesAdmin>;
