import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { ApiError } from "../api/client";
import { apiError, fakeBackend, json, renderApp, stubShopify } from "../test-support/fake-backend";
import { SETTINGS_DEFAULTS, settingsBody } from "../test-support/fixtures";
import { normalizeSettings, serverFieldErrors } from "./settings-page";

const save = () => screen.getByRole("button", { name: "Save" });
const patchBody = (backend: ReturnType<typeof fakeBackend>) =>
  JSON.parse(backend.to("PATCH", "/api/settings").at(-1)?.body ?? "null") as unknown;

describe("SettingsPage", () => {
  it("shows the stored settings", async () => {
    stubShopify();
    const backend = fakeBackend().on("GET /api/settings", () => json(200, settingsBody()));
    renderApp("#/settings");

    expect(await screen.findByLabelText("Backorder tag")).toHaveValue("waitwell-backorder");
    expect(screen.getByLabelText("Ship orders together")).not.toBeChecked();
    expect(screen.getByText("vip")).toBeInTheDocument();
    expect(screen.getByLabelText("Complete lines first")).toBeChecked();
    expect(screen.getByLabelText(/^Allow:/)).toBeChecked();
    expect(screen.getByLabelText("Minimum partial units")).toHaveValue(1);
    expect(screen.getByLabelText("Maximum partial allocations per line")).toHaveValue(null);
    expect(screen.getByText("2026-12-25")).toBeInTheDocument();
    for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]) {
      expect(screen.getByLabelText(day)).not.toBeChecked();
    }
    expect(screen.getByLabelText("Saturday")).toBeChecked();
    expect(screen.getByLabelText("Sunday")).toBeChecked();
    expect(screen.getByLabelText("Within a band around the original's price")).toBeChecked();
    expect(screen.getByLabelText("Cheaper by at most")).toHaveValue(20);
    expect(screen.getByLabelText("Dearer by at most")).toHaveValue(20);
    expect(
      screen.getByText("Suggest substitutes priced within − 20 % / + 20 % of the original."),
    ).toBeInTheDocument();
    expect(save()).toHaveAttribute("aria-disabled", "true");
    expect(backend.to("GET", "/api/settings")[0]?.headers.get("Authorization")).toBe(
      "Bearer session-token-1",
    );
  });

  it("saves every edited field with one PATCH and shows what the server stored", async () => {
    const shopify = stubShopify();
    const backend = fakeBackend()
      .on("GET /api/settings", () => json(200, settingsBody()))
      .on("PATCH /api/settings", () =>
        json(
          200,
          settingsBody({
            backorderTag: "preorder",
            shipTogether: true,
            allocation: {
              priorityTags: ["vip", "wholesale"],
              completeLinesFirst: false,
              partial: "allow",
              minPartialUnits: 2,
              maxPartialAllocations: 3,
            },
            holidays: ["2026-12-24", "2026-12-25"],
          }),
        ),
      );
    renderApp("#/settings");

    fireEvent.change(await screen.findByLabelText("Backorder tag"), { target: { value: " preorder " } });
    fireEvent.click(screen.getByLabelText("Ship orders together"));
    fireEvent.change(screen.getByLabelText("New priority tag"), { target: { value: "Wholesale" } });
    fireEvent.click(screen.getByRole("button", { name: "Add tag" }));
    fireEvent.click(screen.getByLabelText("Complete lines first"));
    fireEvent.change(screen.getByLabelText("Minimum partial units"), { target: { value: "2" } });
    fireEvent.change(screen.getByLabelText("Maximum partial allocations per line"), {
      target: { value: "3" },
    });
    fireEvent.change(screen.getByLabelText("Holiday date"), { target: { value: "2026-12-24" } });
    fireEvent.click(screen.getByRole("button", { name: "Add holiday" }));
    expect(screen.getByText("wholesale")).toBeInTheDocument();
    expect(screen.getByText("2026-12-24")).toBeInTheDocument();

    fireEvent.click(save());
    await waitFor(() => expect(shopify.toast.show).toHaveBeenCalledWith("Settings saved", undefined));
    expect(patchBody(backend)).toEqual({
      backorderTag: "preorder",
      shipTogether: true,
      allocation: {
        priorityTags: ["vip", "wholesale"],
        completeLinesFirst: false,
        partial: "allow",
        minPartialUnits: 2,
        maxPartialAllocations: 3,
      },
      holidays: ["2026-12-24", "2026-12-25"],
    });
    expect(backend.to("PATCH", "/api/settings")[0]?.headers.get("Content-Type")).toBe("application/json");
    // Saved: nothing left to save until the next change.
    await waitFor(() => expect(save()).toHaveAttribute("aria-disabled", "true"));
    expect(screen.getByLabelText("Backorder tag")).toHaveValue("preorder");
  });

  it("removes tags and holidays, switches partial allocations off, and sends no limit as null", async () => {
    stubShopify();
    const backend = fakeBackend()
      .on("GET /api/settings", () =>
        json(
          200,
          settingsBody({
            allocation: {
              priorityTags: ["vip"],
              completeLinesFirst: true,
              partial: "allow",
              minPartialUnits: 1,
              maxPartialAllocations: 2,
            },
          }),
        ),
      )
      .on("PATCH /api/settings", () => json(200, settingsBody()));
    renderApp("#/settings");

    fireEvent.click(await screen.findByRole("button", { name: "Remove vip" }));
    fireEvent.click(screen.getByRole("button", { name: "Remove 2026-12-25" }));
    fireEvent.click(screen.getByLabelText(/^Never:/));
    expect(screen.getByLabelText("Minimum partial units")).toBeDisabled();
    fireEvent.click(screen.getByLabelText(/^Allow:/));
    fireEvent.change(screen.getByLabelText("Maximum partial allocations per line"), {
      target: { value: "" },
    });
    fireEvent.click(screen.getByLabelText(/^Never:/));
    expect(screen.getByText("No priority tags: oldest orders first.")).toBeInTheDocument();
    expect(screen.getByText("No holidays.")).toBeInTheDocument();

    fireEvent.click(save());
    await waitFor(() => expect(backend.to("PATCH", "/api/settings")).toHaveLength(1));
    expect(patchBody(backend)).toMatchObject({
      allocation: { priorityTags: [], partial: "never", maxPartialAllocations: null },
      holidays: [],
    });
  });

  it("checks the fields before saving", async () => {
    stubShopify();
    const backend = fakeBackend().on("GET /api/settings", () => json(200, settingsBody()));
    renderApp("#/settings");

    fireEvent.change(await screen.findByLabelText("Backorder tag"), { target: { value: "  " } });
    fireEvent.change(screen.getByLabelText("Minimum partial units"), { target: { value: "0" } });
    fireEvent.change(screen.getByLabelText("Maximum partial allocations per line"), {
      target: { value: "1.5" },
    });
    fireEvent.click(save());

    expect(await screen.findByText("Enter a value.")).toBeInTheDocument();
    expect(screen.getByText("Enter a whole number of at least 1.")).toBeInTheDocument();
    expect(screen.getByText("Enter a whole number of at least 0.")).toBeInTheDocument();
    expect(screen.getByText("Fix the highlighted fields and save again.")).toBeInTheDocument();
    expect(backend.to("PATCH", "/api/settings")).toHaveLength(0);

    fireEvent.change(screen.getByLabelText("New priority tag"), { target: { value: "VIP" } });
    fireEvent.click(screen.getByRole("button", { name: "Add tag" }));
    expect(screen.getByText("vip is already in the list.")).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText("Holiday date"), { target: { value: "2026-12-25" } });
    fireEvent.click(screen.getByRole("button", { name: "Add holiday" }));
    expect(screen.getByText("2026-12-25 is already in the list.")).toBeInTheDocument();
  });

  it("sends only the changed weekend and price band", async () => {
    const shopify = stubShopify();
    const backend = fakeBackend()
      .on("GET /api/settings", () => json(200, settingsBody()))
      .on("PATCH /api/settings", () =>
        json(
          200,
          settingsBody({ weekend: [5, 7], substitutePriceBand: { belowPercent: 10, abovePercent: 35 } }),
        ),
      );
    renderApp("#/settings");

    fireEvent.click(await screen.findByLabelText("Saturday"));
    fireEvent.click(screen.getByLabelText("Friday"));
    fireEvent.change(screen.getByLabelText("Cheaper by at most"), { target: { value: "10" } });
    fireEvent.change(screen.getByLabelText("Dearer by at most"), { target: { value: "35" } });
    expect(
      screen.getByText("Suggest substitutes priced within − 10 % / + 35 % of the original."),
    ).toBeInTheDocument();

    fireEvent.click(save());
    await waitFor(() => expect(shopify.toast.show).toHaveBeenCalledWith("Settings saved", undefined));
    expect(patchBody(backend)).toEqual({
      weekend: [5, 7],
      substitutePriceBand: { belowPercent: 10, abovePercent: 35 },
    });
    await waitFor(() => expect(save()).toHaveAttribute("aria-disabled", "true"));
    expect(screen.getByLabelText("Friday")).toBeChecked();
    expect(screen.getByLabelText("Saturday")).not.toBeChecked();
    expect(screen.getByLabelText("Dearer by at most")).toHaveValue(35);
  });

  it("sends any price as null, and a band chosen from any price", async () => {
    stubShopify();
    const backend = fakeBackend()
      .on("GET /api/settings", () => json(200, settingsBody()))
      .on("PATCH /api/settings", () => json(200, settingsBody({ substitutePriceBand: null })));
    renderApp("#/settings");

    fireEvent.click(await screen.findByLabelText("Any price"));
    expect(screen.queryByLabelText("Cheaper by at most")).not.toBeInTheDocument();
    fireEvent.click(save());
    await waitFor(() => expect(backend.to("PATCH", "/api/settings")).toHaveLength(1));
    expect(patchBody(backend)).toEqual({ substitutePriceBand: null });
    await waitFor(() => expect(save()).toHaveAttribute("aria-disabled", "true"));
    expect(screen.getByLabelText("Any price")).toBeChecked();

    backend.on("PATCH /api/settings", () =>
      json(200, settingsBody({ substitutePriceBand: { belowPercent: 0, abovePercent: 1000 } })),
    );
    fireEvent.click(screen.getByLabelText("Within a band around the original's price"));
    expect(screen.getByLabelText("Cheaper by at most")).toHaveValue(null);
    fireEvent.change(screen.getByLabelText("Cheaper by at most"), { target: { value: "0" } });
    fireEvent.change(screen.getByLabelText("Dearer by at most"), { target: { value: "1000" } });
    fireEvent.click(save());
    await waitFor(() => expect(backend.to("PATCH", "/api/settings")).toHaveLength(2));
    expect(patchBody(backend)).toEqual({ substitutePriceBand: { belowPercent: 0, abovePercent: 1000 } });
  });

  it("refuses a week without working days and percentages outside the band's limits", async () => {
    stubShopify();
    const backend = fakeBackend().on("GET /api/settings", () => json(200, settingsBody()));
    renderApp("#/settings");

    for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]) {
      fireEvent.click(await screen.findByLabelText(day));
    }
    fireEvent.change(screen.getByLabelText("Cheaper by at most"), { target: { value: "-5" } });
    fireEvent.change(screen.getByLabelText("Dearer by at most"), { target: { value: "1001" } });
    fireEvent.click(save());

    expect(await screen.findByText("Leave at least one day for shipping.")).toBeInTheDocument();
    expect(screen.getByText("Enter a whole number from 0 to 100.")).toBeInTheDocument();
    expect(screen.getByText("Enter a whole number from 0 to 1000.")).toBeInTheDocument();
    expect(screen.getByText("Fix the highlighted fields and save again.")).toBeInTheDocument();
    expect(backend.to("PATCH", "/api/settings")).toHaveLength(0);

    // Fixing a field clears its message; a blank percentage is refused too.
    fireEvent.click(screen.getByLabelText("Wednesday"));
    expect(screen.queryByText("Leave at least one day for shipping.")).not.toBeInTheDocument();
    fireEvent.change(screen.getByLabelText("Cheaper by at most"), { target: { value: "" } });
    fireEvent.change(screen.getByLabelText("Dearer by at most"), { target: { value: "2.5" } });
    fireEvent.click(save());
    expect(await screen.findByText("Enter a whole number from 0 to 100.")).toBeInTheDocument();
    expect(screen.getByText("Enter a whole number from 0 to 1000.")).toBeInTheDocument();
    expect(backend.to("PATCH", "/api/settings")).toHaveLength(0);
  });

  it("holds the price band to the bounds the server sends, not to its own", async () => {
    stubShopify();
    const backend = fakeBackend().on("GET /api/settings", () =>
      json(200, settingsBody({}, { belowPercent: 30, abovePercent: 50 })),
    );
    renderApp("#/settings");
    const dearer = await screen.findByLabelText("Dearer by at most");
    expect(dearer).toHaveAttribute("max", "50");
    fireEvent.change(screen.getByLabelText("Cheaper by at most"), { target: { value: "40" } });
    fireEvent.change(dearer, { target: { value: "60" } });
    fireEvent.click(save());
    expect(await screen.findByText("Enter a whole number from 0 to 30.")).toBeInTheDocument();
    expect(screen.getByText("Enter a whole number from 0 to 50.")).toBeInTheDocument();
    expect(backend.to("PATCH", "/api/settings")).toHaveLength(0);
  });

  it("shows the server's weekend and price band problems next to their fields", async () => {
    stubShopify();
    const backend = fakeBackend()
      .on("GET /api/settings", () => json(200, settingsBody()))
      .on("PATCH /api/settings", () =>
        apiError(
          400,
          "invalid_request",
          "Invalid settings: weekend: at least one weekday must be a working day; substitutePriceBand.abovePercent: expected an integer >= 0, got 1000",
        ),
      );
    renderApp("#/settings");
    fireEvent.click(await screen.findByLabelText("Monday"));
    fireEvent.change(screen.getByLabelText("Dearer by at most"), { target: { value: "1000" } });
    fireEvent.click(save());

    expect(await screen.findByText("at least one weekday must be a working day")).toBeInTheDocument();
    expect(screen.getByText("expected an integer >= 0, got 1000")).toBeInTheDocument();
    expect(patchBody(backend)).toEqual({
      weekend: [1, 6, 7],
      substitutePriceBand: { belowPercent: 20, abovePercent: 1000 },
    });
  });

  it("shows the server's message in a banner and its problems next to the fields", async () => {
    stubShopify();
    const backend = fakeBackend()
      .on("GET /api/settings", () => json(200, settingsBody()))
      .on("PATCH /api/settings", () =>
        apiError(
          400,
          "invalid_request",
          "Invalid settings: allocation.minPartialUnits: expected an integer >= 1 below 1000; holidays.0: not a calendar date",
        ),
      );
    renderApp("#/settings");
    fireEvent.change(await screen.findByLabelText("Minimum partial units"), { target: { value: "5000" } });
    fireEvent.click(save());

    expect(await screen.findByText("Couldn't save the settings")).toBeInTheDocument();
    expect(
      screen.getByText(
        "Invalid settings: allocation.minPartialUnits: expected an integer >= 1 below 1000; holidays.0: not a calendar date",
      ),
    ).toBeInTheDocument();
    expect(screen.getByText("expected an integer >= 1 below 1000")).toBeInTheDocument();
    expect(screen.getByText("not a calendar date")).toBeInTheDocument();
    expect(backend.to("PATCH", "/api/settings")).toHaveLength(1);
    // Still unsaved: the merchant can fix and try again.
    expect(save()).not.toHaveAttribute("aria-disabled", "true");
  });

  it("shows the API's message when the settings cannot be loaded, and loads again on retry", async () => {
    stubShopify();
    const backend = fakeBackend().on("GET /api/settings", () =>
      apiError(503, "database_unavailable", "The database is not reachable right now."),
    );
    renderApp("#/settings");
    expect(await screen.findByText("The database is not reachable right now.")).toBeInTheDocument();

    backend.on("GET /api/settings", () => json(200, settingsBody()));
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByLabelText("Backorder tag")).toHaveValue("waitwell-backorder");
  });
});

describe("normalizeSettings", () => {
  it("fills in what the server leaves out and keeps what the page does not edit", () => {
    expect(normalizeSettings({ backorderTag: "bo", futureSetting: { on: true } }, SETTINGS_DEFAULTS)).toEqual(
      {
        backorderTag: "bo",
        shipTogether: false,
        allocation: {
          priorityTags: [],
          completeLinesFirst: true,
          partial: "allow",
          minPartialUnits: 1,
          maxPartialAllocations: null,
        },
        holidays: [],
        weekend: [6, 7],
        substitutePriceBand: null,
        futureSetting: { on: true },
      },
    );
    expect(
      normalizeSettings({ backorderTag: "x", holidays: ["2026-02-01", 3, "2026-01-01"] }, SETTINGS_DEFAULTS),
    ).toMatchObject({
      backorderTag: "x",
      holidays: ["2026-01-01", "2026-02-01"],
    });
    expect(normalizeSettings(null, SETTINGS_DEFAULTS).backorderTag).toBe("");
    expect(
      normalizeSettings(
        { weekend: [7, 0, "1", 5, 5, 8], substitutePriceBand: { belowPercent: 10 } },
        SETTINGS_DEFAULTS,
      ),
    ).toMatchObject({ weekend: [5, 7], substitutePriceBand: null });
    expect(
      normalizeSettings(
        { weekend: [], substitutePriceBand: { belowPercent: 5, abovePercent: 15 } },
        SETTINGS_DEFAULTS,
      ),
    ).toMatchObject({ weekend: [], substitutePriceBand: { belowPercent: 5, abovePercent: 15 } });
    // The defaults are the server's: another server's defaults fill in other values.
    const other = {
      ...SETTINGS_DEFAULTS,
      weekend: [7],
      allocation: { ...SETTINGS_DEFAULTS.allocation, minPartialUnits: 3 },
    };
    expect(normalizeSettings({}, other)).toMatchObject({ weekend: [7], allocation: { minPartialUnits: 3 } });
  });
});

describe("serverFieldErrors", () => {
  it("reads a list of problems when the server sends one", () => {
    const error = new ApiError(400, "invalid_request", "Invalid settings", true, {
      details: { fields: [{ field: "allocation.priorityTags.1", message: "must not be empty" }] },
    });
    expect(serverFieldErrors(error)).toEqual({ priorityTags: "must not be empty" });
  });

  it("puts a price band problem on its percentage, or on the band as a whole", () => {
    const error = new ApiError(
      400,
      "invalid_request",
      "Invalid body: substitutePriceBand.belowPercent: Too big; substitutePriceBand: Invalid input; weekend.2: Too small",
      true,
    );
    expect(serverFieldErrors(error)).toEqual({
      belowPercent: "Too big",
      substitutePriceBand: "Invalid input",
      weekend: "Too small",
    });
  });

  it("ignores errors that are not the server's", () => {
    expect(
      serverFieldErrors(new ApiError(0, "NETWORK_ERROR", "Invalid body: backorderTag: x", false)),
    ).toEqual({});
    expect(serverFieldErrors(new Error("Invalid body: backorderTag: x"))).toEqual({});
  });
});
