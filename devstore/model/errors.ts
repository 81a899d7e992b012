/**
 * The dev store's one error class. `status` is the HTTP status the control API should answer with: 422 for a refused
 * action (a DENY oversell, a held fulfillment order), 404 for an unknown object, 400 for malformed input.
 */
export class DevStoreError extends Error {
  constructor(
    message: string,
    readonly status = 422,
  ) {
    super(message);
    this.name = "DevStoreError";
  }
}
