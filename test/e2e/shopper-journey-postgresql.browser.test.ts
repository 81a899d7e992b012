import { shopperJourney } from "./shopper-journey.js";

/** Issue 9's done-when in Chromium, on PostgreSQL (the journey: shopper-journey.ts). */
shopperJourney("postgresql");
