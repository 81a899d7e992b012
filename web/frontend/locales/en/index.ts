/**
 * The English catalogue, one JSON file per namespace (a page or an area). English is the reference: message keys are
 * typed from these files, and every other locale must have the same keys (locales/parity.test.ts checks it).
 * A new namespace adds its file here (one import, one entry) and the same file name under fr/, de/ and es/.
 */
import alerts from "./alerts.json";
import app from "./app.json";
import backorders from "./backorders.json";
import customerEmails from "./customerEmails.json";
import dashboard from "./dashboard.json";
import errors from "./errors.json";
import feeds from "./feeds.json";
import inbox from "./inbox.json";
import insights from "./insights.json";
import line from "./line.json";
import lineStatus from "./lineStatus.json";
import nav from "./nav.json";
import notFound from "./notFound.json";
import rules from "./rules.json";
import settings from "./settings.json";
import status from "./status.json";
import substitutes from "./substitutes.json";

export const en = {
  alerts,
  app,
  backorders,
  customerEmails,
  dashboard,
  errors,
  feeds,
  inbox,
  insights,
  line,
  lineStatus,
  nav,
  notFound,
  rules,
  settings,
  status,
  substitutes,
};
