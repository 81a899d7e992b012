// The schemas of /api/backorders live in web/shared/api/backorders.ts, where the admin takes its types from too.
export {
  allocateBody,
  bulkBody,
  exportLinesQuery,
  lineParams,
  listLinesQuery,
  MAX_PAGE_SIZE,
  previewQuery,
  priorityBody,
} from "../../../shared/api/backorders.js";
