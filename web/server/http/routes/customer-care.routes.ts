import express, { Router } from "express";
import { NotFoundError } from "../../errors.js";
import type { CareAdmin } from "../../use-cases/customer-care/care-admin.js";
import { shopOf } from "../middleware/session-token-auth.js";
import {
  messagesQuery,
  previewBody,
  settingsPatch,
  taskParams,
  tasksQuery,
  templateBody,
  templateParams,
  testSendBody,
} from "./customer-care.schemas.js";
import { parseRequest } from "./parse.js";

/**
 * Customer care for the merchant (/api/customer-care): settings, message templates per kind and language (edit,
 * reset, preview on sample data, test send), the messages sent and the to-do list. Bad input is a 400 naming it.
 */
export function customerCareRoutes(admin: CareAdmin): Router {
  const router = Router();
  const json = express.json({ limit: "64kb" });

  router.get("/customer-care/settings", async (_req, res) => {
    res.json({ settings: await admin.getSettings(shopOf(res)) });
  });
  router.patch("/customer-care/settings", json, async (req, res) => {
    const patch = parseRequest(settingsPatch, req.body, "body");
    res.json({ settings: await admin.updateSettings(shopOf(res), patch) });
  });

  router.get("/customer-care/templates", async (_req, res) => {
    res.json({ templates: await admin.listTemplates(shopOf(res)) });
  });
  router.put("/customer-care/templates/:kind/:locale", json, async (req, res) => {
    const { kind, locale } = parseRequest(templateParams, req.params, "params");
    const template = parseRequest(templateBody, req.body, "body");
    res.json({ template: await admin.saveTemplate(shopOf(res), kind, locale, template) });
  });
  router.delete("/customer-care/templates/:kind/:locale", async (req, res) => {
    const { kind, locale } = parseRequest(templateParams, req.params, "params");
    await admin.resetTemplate(shopOf(res), kind, locale);
    res.status(204).end();
  });
  router.post("/customer-care/templates/:kind/:locale/preview", json, async (req, res) => {
    const { kind, locale } = parseRequest(templateParams, req.params, "params");
    const draft = parseRequest(previewBody, req.body ?? {}, "body");
    const rendered = await admin.preview(
      shopOf(res),
      kind,
      locale,
      draft.subject !== undefined && draft.body !== undefined
        ? { subject: draft.subject, body: draft.body }
        : undefined,
    );
    res.json({ preview: rendered });
  });
  router.post("/customer-care/templates/:kind/:locale/test", json, async (req, res) => {
    const { kind, locale } = parseRequest(templateParams, req.params, "params");
    const { to } = parseRequest(testSendBody, req.body, "body");
    res.status(202).json(await admin.testSend(shopOf(res), kind, locale, to));
  });

  router.get("/customer-care/messages", async (req, res) => {
    const query = parseRequest(messagesQuery, req.query, "query");
    const messages = await admin.listMessages(shopOf(res), query);
    res.json({ messages: messages.map(({ data: _data, ...m }) => m) });
  });

  router.get("/customer-care/tasks", async (req, res) => {
    const { open } = parseRequest(tasksQuery, req.query, "query");
    res.json({ tasks: await admin.listTasks(shopOf(res), open === "true") });
  });
  router.post("/customer-care/tasks/:id/resolve", async (req, res) => {
    const { id } = parseRequest(taskParams, req.params, "params");
    if (!(await admin.resolveTask(shopOf(res), id)))
      throw new NotFoundError(`No open task ${id} in this shop`);
    res.status(204).end();
  });

  return router;
}
