// The schema of PATCH /api/settings lives in web/shared/api/settings.ts, where the admin takes its types from too.
export { settingsPatch } from "../../../shared/api/settings.js";
