/**
 * ETAs, pure: calendar days in the shop's calendar, business days and holidays, the ETA of each waiting line from its
 * place in the queue and the incoming schedule, the purchase promise and its slips, and
 * the supplier feed rows that feed it. No clock: "today" is always a parameter.
 */
export {
  addDays,
  compareDates,
  daysBetween,
  daysInMonth,
  fromDayNumber,
  isCalendarDate,
  isLeapYear,
  maxDate,
  minDate,
  parseCalendarDate,
  toDayNumber,
  weekday,
  type CalendarDate,
  type Weekday,
} from "./calendar-date.js";
export {
  DEFAULT_BUSINESS_CALENDAR,
  addBusinessDays,
  businessDaysBetween,
  rollForward,
  workCalendar,
  type BusinessCalendar,
  type WorkCalendar,
} from "./business-calendar.js";
export {
  ETA_SOURCES,
  compareEtas,
  earliestDate,
  latestDate,
  sameEta,
  type Eta,
  type EtaSource,
  type EtaSourceConfig,
  type EtaUnknownReason,
  type KnownEta,
  type SupplyBatch,
} from "./types.js";
export {
  etaCalculator,
  nextUnitEta,
  queueEtas,
  type EtaContext,
  type LineEta,
  type QueuedLine,
} from "./queue.js";
export {
  agreeToRevisedEta,
  commitment,
  makePromise,
  reviseEta,
  type EtaChange,
  type EtaImprovement,
  type EtaRevision,
  type EtaSlip,
  type LinePromise,
} from "./promise.js";
export {
  feedBatches,
  validateSupplierFeed,
  type FeedErrorCode,
  type FeedOptions,
  type FeedRowError,
  type FeedValidation,
  type FeedVariant,
  type SupplierEtaRow,
  type SupplierFeedRow,
} from "./supplier-feed.js";
