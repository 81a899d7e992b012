/**
 * The backorder list's statuses and sorts, without zod: the admin imports these values, and a module of plain
 * arrays keeps the browser bundle free of schema code it does not run.
 */
export const LINE_STATUSES = [
    "new",
    "in_stock",
    "backordered",
    "partially_allocated",
    "allocated",
    "released",
    "fulfilled",
    "cancelled",
    "substituted",
];
/** Lines still waiting for stock: what the backorders page shows first. */
export const WAITING_STATUSES = ["backordered", "partially_allocated"];
/**
 * The list's sorts: order time (newest or oldest first), promised date (the day the customer holds us to, soonest
 * first, lines without a promise last, then oldest), staff priority (lowest first, lines without one last, then
 * oldest), waiting units (most first, then newest).
 */
export const LINE_SORTS = ["newest", "oldest", "promised", "priority", "units"];
/** Lines one bulk action may take. */
export const BULK_MAX_LINES = 250;
export const INBOX_STATUSES = ["PENDING", "PROCESSING", "PROCESSED", "DEAD", "IGNORED"];
const isOneOf = (values) => (value) => typeof value === "string" && values.includes(value);
export const isLineStatus = isOneOf(LINE_STATUSES);
export const isLineSort = isOneOf(LINE_SORTS);
export const isInboxStatus = isOneOf(INBOX_STATUSES);
//# sourceMappingURL=line-enums.js.map