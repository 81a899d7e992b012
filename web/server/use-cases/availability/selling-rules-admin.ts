import { validateSellingRule, type SellingRule } from "../../domain/selling-rules/index.js";
import { NotFoundError, ValidationError } from "../../errors.js";
import type { Clock, ShopDomain } from "../ports.js";
import type { AvailabilityRepository, SellingRuleInput, SyncRequester } from "./ports.js";

export interface SellingRulesAdminDeps {
  repository: AvailabilityRepository;
  clock: Clock;
  requestSync: SyncRequester;
}

/**
 * Backorder rules CRUD for the admin. A rule is checked as a whole (validateSellingRule: real GIDs and dates, a window
 * that ends after it starts…) and every problem is reported at once. Any change can move any variant the rule
 * covers, so the shop's governed variants are re-synced in the background.
 */
export function createSellingRulesAdmin(deps: SellingRulesAdminDeps) {
  const { repository, clock, requestSync } = deps;

  const check = (input: SellingRuleInput) => assertRuleInput(input, clock.now());

  return {
    list(shop: ShopDomain): Promise<SellingRule[]> {
      return repository.listRules(shop);
    },

    async get(shop: ShopDomain, id: string): Promise<SellingRule> {
      const rule = await repository.getRule(shop, id);
      if (!rule) throw new NotFoundError(`No rule ${id}`);
      return rule;
    },

    async create(shop: ShopDomain, input: SellingRuleInput): Promise<SellingRule> {
      check(input);
      const rule = await repository.createRule(shop, input, clock.now());
      requestSync(shop, "all");
      return rule;
    },

    async update(shop: ShopDomain, id: string, input: SellingRuleInput): Promise<SellingRule> {
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

/** A rule as a whole (validateSellingRule), every problem at once as a ValidationError (400 with the fields). */
export function assertRuleInput(input: SellingRuleInput, now: Date): void {
  const problems = validateSellingRule({ id: "new", updatedAt: now, ...input });
  if (problems.length > 0) {
    throw new ValidationError(
      `Invalid rule: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`,
      problems,
    );
  }
}

export type SellingRulesAdmin = ReturnType<typeof createSellingRulesAdmin>;
