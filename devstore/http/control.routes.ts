import { Router } from "express";
import { appsRoutes, type AppsDeps } from "./control/apps.routes.js";
import type { Mailbox } from "../mail/mailbox.js";
import { mailRoutes } from "./control/mail.routes.js";
import { harnessRoutes, type HarnessDeps } from "./control/harness.routes.js";
import { shopActivityRoutes } from "./control/shop-activity.routes.js";
import { stockRoutes } from "./control/stock.routes.js";

export type { ControlApp } from "./control/apps.routes.js";

/**
 * The control API: what a test or a person does to the store that an app cannot (place a storefront order, receive
 * stock, move time). Each route parses its input, calls the store once and answers JSON; the store's DevStoreError
 * carries the status (see error-handler.ts). Every route is documented in devstore/README.md.
 */
export type ControlDeps = AppsDeps &
  HarnessDeps & {
    /** The local mailbox (the dev store's SMTP server files every message here); absent: mail routes answer 404. */
    mailbox?: Mailbox;
  };

export function controlRoutes(deps: ControlDeps): Router {
  const router = Router();
  router.get("/", (_req, res) => {
    res.json({
      shops: deps.store.shops(),
      apps: deps.apps.map((a) => a.apiKey),
      now: deps.store.now().toISOString(),
    });
  });
  router.use(shopActivityRoutes(deps.store));
  router.use(stockRoutes(deps.store));
  router.use(harnessRoutes(deps));
  router.use(appsRoutes(deps));
  router.use(mailRoutes(deps.mailbox));
  return router;
}
