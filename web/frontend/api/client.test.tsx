import { describe, expect, it, vi } from "vitest";
import { apiError, json } from "../test-support/fake-backend";
import { ApiError, createApiClient, RETRY_INVALID_SESSION_HEADER } from "./client";

function setup(...responses: (Response | Error | DOMException)[]) {
  let issued = 0;
  const idToken = vi.fn(async () => `token-${++issued}`);
  const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => {
    const next = responses.shift();
    if (!next) throw new Error("unexpected request");
    if (!(next instanceof Response)) throw next;
    return next;
  });
  const client = createApiClient({ idToken, fetch });
  const headers = (call: number) => new Headers(fetch.mock.calls[call]?.[1]?.headers);
  return { client, idToken, fetch, headers };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected the request to fail"),
    (error: unknown) => error,
  );
}

describe("createApiClient", () => {
  it("asks App Bridge for a fresh token on every request", async () => {
    const { client, idToken, headers } = setup(json(200, { a: 1 }), json(200, { a: 2 }));
    expect(await client.request("/api/shop")).toEqual({ a: 1 });
    expect(await client.request("/api/shop")).toEqual({ a: 2 });
    expect(idToken).toHaveBeenCalledTimes(2);
    expect(headers(0).get("Authorization")).toBe("Bearer token-1");
    expect(headers(1).get("Authorization")).toBe("Bearer token-2");
    expect(headers(0).has(RETRY_INVALID_SESSION_HEADER)).toBe(false);
  });

  it("retries a 401 once, with a new token and the retry header", async () => {
    const { client, fetch, headers } = setup(
      apiError(401, "invalid_session", "expired"),
      json(200, { ok: true }),
    );
    expect(await client.request("/api/shop")).toEqual({ ok: true });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(headers(0).get("Authorization")).toBe("Bearer token-1");
    expect(headers(1).get("Authorization")).toBe("Bearer token-2");
    expect(headers(1).get(RETRY_INVALID_SESSION_HEADER)).toBe("1");
  });

  it("gives up after the one retry and reports the second 401", async () => {
    const { client, fetch } = setup(
      apiError(401, "invalid_session", "first"),
      apiError(401, "invalid_session", "Session token is invalid"),
    );
    const error = await rejection(client.request("/api/shop"));
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(error).toMatchObject({
      status: 401,
      code: "invalid_session",
      message: "Session token is invalid",
    });
  });

  it("does not retry other errors and parses the error envelope", async () => {
    const { client, fetch } = setup(apiError(409, "not_dead", "Only dead events can be replayed"));
    const error = await rejection(client.request("/api/inbox/7/replay", { method: "POST" }));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 409,
      code: "not_dead",
      message: "Only dead events can be replayed",
      fromServer: true,
    });
  });

  it.each([
    ["an HTML error page", new Response("<h1>Bad gateway</h1>", { status: 502 }), "HTTP_ERROR", 502],
    ["JSON without the envelope", json(500, { message: "boom" }), "HTTP_ERROR", 500],
    ["a success that is not JSON", new Response("<html>", { status: 200 }), "INVALID_RESPONSE", 200],
    ["no response at all", new TypeError("Failed to fetch"), "NETWORK_ERROR", 0],
  ])("turns %s into an ApiError of its own", async (_case, response, code, status) => {
    const { client } = setup(response);
    const error = await rejection(client.request("/api/shop"));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code, status, fromServer: false });
  });

  it("fails without calling the server when there is no session token", async () => {
    const fetch = vi.fn();
    const client = createApiClient({ idToken: () => Promise.reject(new Error("not embedded")), fetch });
    const error = await rejection(client.request("/api/shop"));
    expect(error).toMatchObject({ code: "SESSION_TOKEN_UNAVAILABLE", status: 0 });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("lets an abort through as an abort, not as a network error", async () => {
    const controller = new AbortController();
    controller.abort();
    const { client } = setup(new DOMException("aborted", "AbortError"));
    const error = await rejection(client.request("/api/shop", { signal: controller.signal }));
    expect(error).not.toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ name: "AbortError" });
  });

  it("encodes the query (skipping empty values) and sends bodies as JSON", async () => {
    const { client, fetch, headers } = setup(json(200, {}), json(200, {}));
    await client.request("/api/inbox", {
      query: { status: "DEAD", topic: "orders/create", cursor: undefined, q: "" },
    });
    await client.request("/api/things", { method: "POST", body: { a: 1 } });
    expect(fetch.mock.calls[0]?.[0]).toBe("/api/inbox?status=DEAD&topic=orders%2Fcreate");
    expect(fetch.mock.calls[1]?.[1]).toMatchObject({ method: "POST", body: '{"a":1}' });
    expect(headers(1).get("Content-Type")).toBe("application/json");
  });
});
