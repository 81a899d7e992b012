/**
 * Substitutes, pure: what a shopper could buy instead of a backordered variant, ranked, each with the reason it was
 * chosen (merchant pick, same product, same type, collection, tags, vendor).
 */
export {
  SUBSTITUTE_REASONS,
  findSubstitutes,
  type CatalogVariant,
  type Substitute,
  type SubstituteOptions,
  type SubstituteReason,
} from "./find-substitutes.js";
export { assertBand, toMicros, withinBand, type PriceBand } from "./money.js";
