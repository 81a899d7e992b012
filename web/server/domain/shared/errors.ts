import { ValidationError } from "../../errors.js";

/**
 * A value handed to the domain breaks its contract (a malformed GID, a fractional quantity, a time without a zone).
 * It extends the app's ValidationError, so when the value came from a request the client gets a 400 that names it.
 */
export class InvalidValueError extends ValidationError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`, { field });
  }
}
