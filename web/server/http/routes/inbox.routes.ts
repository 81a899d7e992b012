import express, { Router } from "express";
import type { createInboxAdmin } from "../../use-cases/inbox-admin.js";
import { shopOf } from "../middleware/session-token-auth.js";
import { inboxEventParams, listInboxQuery, replayDeadBody } from "./inbox.schemas.js";
import { parseRequest } from "./parse.js";
import { presentInboxEvent, presentInboxEventDetail } from "./presenters.js";

export function inboxRoutes(inbox: ReturnType<typeof createInboxAdmin>): Router {
  const router = Router();

  router.get("/inbox", async (req, res) => {
    const query = parseRequest(listInboxQuery, req.query, "query");
    const page = await inbox.list(shopOf(res), query);
    res.json({ events: page.events.map(presentInboxEvent), nextCursor: page.nextCursor });
  });

  router.get("/inbox/:id", async (req, res) => {
    const { id } = parseRequest(inboxEventParams, req.params, "params");
    res.json(presentInboxEventDetail(await inbox.get(shopOf(res), id)));
  });

  // Bulk: the shop's DEAD rows by topic and/or time range (receivedAt in [from, to)).
  router.post("/inbox/replay", express.json({ limit: "4kb" }), async (req, res) => {
    const filter = parseRequest(replayDeadBody, req.body ?? {}, "body");
    res.json(await inbox.replayDead(shopOf(res), filter));
  });

  // Only DEAD rows: 409 otherwise, 404 for another shop's id.
  router.post("/inbox/:id/replay", async (req, res) => {
    const { id } = parseRequest(inboxEventParams, req.params, "params");
    res.json(presentInboxEvent(await inbox.replay(shopOf(res), id)));
  });

  return router;
}
