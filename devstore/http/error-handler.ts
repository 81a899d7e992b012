import type { ErrorRequestHandler } from "express";
import { DevStoreError } from "../model/errors.js";
import { ControlInputError } from "./control/input.js";

/**
 * One place maps failures to responses. Control routes answer `{error}` with the store's status; a body that is not
 * JSON is a 400; anything unexpected is a 500 whose details go to the log, not the client.
 */
export function errorHandler(log: (message: string, error: unknown) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (err instanceof ControlInputError) {
      res.status(400).json({ error: err.message });
      return;
    }
    if (err instanceof DevStoreError) {
      res.status(err.status).json({ error: err.message });
      return;
    }
    if (isBodyParserError(err)) {
      res
        .status(err.status)
        .json({ error: err.type === "entity.parse.failed" ? "the body is not valid JSON" : err.message });
      return;
    }
    log("dev store: unexpected error", err);
    res.status(500).json({ error: "internal error in the dev store (see its log)" });
  };
}

function isBodyParserError(err: unknown): err is { status: number; type: string; message: string } {
  return (
    typeof err === "object" &&
    err !== null &&
    typeof (err as { status?: unknown }).status === "number" &&
    typeof (err as { type?: unknown }).type === "string"
  );
}
