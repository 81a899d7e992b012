// The schemas of /api/inbox live in web/shared/api/inbox.ts, where the admin takes its types from too.
export {
  INBOX_STATUSES,
  inboxEventParams,
  listInboxQuery,
  MAX_INBOX_PAGE_SIZE as MAX_PAGE_SIZE,
  replayDeadBody,
} from "../../../shared/api/inbox.js";
