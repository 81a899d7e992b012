/**
 * The storefront payload, pure: the v1 JSON written to each variant's `$app.availability` metafield (state,
 * ETA, backorder capacity, substitutes), the change detector that keeps unchanged values from being rewritten, and
 * the batching of writes into `metafieldsSet` calls of at most 25.
 */
export {
  AVAILABILITY_METAFIELD,
  buildAvailability,
  parseAvailability,
  payloadEta,
  payloadSubstitute,
  type AvailabilityInput,
  type AvailabilityPayload,
  type AvailabilityState,
  type PayloadEta,
  type PayloadSubstitute,
} from "./availability.js";
export {
  METAFIELDS_SET_LIMIT,
  availabilityNeedsWrite,
  batch,
  planAvailabilityWrites,
  serializeAvailability,
  stableStringify,
  type AvailabilityUpdate,
  type MetafieldsSetInput,
} from "./sync.js";
