import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { fakeBackend, json, renderApp, stubShopify } from "../test-support/fake-backend";

const templates = ["en", "fr"].map((locale) => ({
  kind: "confirmation",
  locale,
  subject: locale === "en" ? "Your order {{ order.name }}" : "Votre commande {{ order.name }}",
  body: "<p>{{ customer.name }}</p>",
  edited: false,
  enabled: true,
}));

describe("CustomerEmailsPage", () => {
  it("edits a template, previews it, sends a test and turns the message off", async () => {
    stubShopify();
    const backend = fakeBackend()
      .on("GET /api/customer-care/templates", () => json(200, { templates }))
      .on("PUT /api/customer-care/templates/confirmation/en", () => json(200, { template: templates[0] }))
      .on("POST /api/customer-care/templates/confirmation/en/preview", () =>
        json(200, {
          preview: { subject: "Your order #1001", html: "<p>Ada Lovelace</p>", text: "Ada Lovelace" },
        }),
      )
      .on("POST /api/customer-care/templates/confirmation/en/test", () => json(202, { eventKey: "test:1" }))
      .on("PATCH /api/customer-care/settings", () => json(200, { settings: {} }));
    renderApp("#/customer-emails");

    const subject = await screen.findByLabelText("Subject");
    expect(subject).toHaveValue("Your order {{ order.name }}");
    fireEvent.change(subject, { target: { value: "Order {{ order.name }} is in" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(backend.to("PUT", "/api/customer-care/templates/confirmation/en")).toHaveLength(1),
    );
    expect(
      JSON.parse(backend.to("PUT", "/api/customer-care/templates/confirmation/en")[0]!.body!),
    ).toMatchObject({
      subject: "Order {{ order.name }} is in",
    });

    fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    expect(await screen.findByTitle("Preview")).toHaveAttribute("srcdoc", "<p>Ada Lovelace</p>");

    fireEvent.change(screen.getByLabelText("Send a test to"), { target: { value: "me@example.com" } });
    fireEvent.click(screen.getByRole("button", { name: "Send test" }));
    await waitFor(() =>
      expect(backend.to("POST", "/api/customer-care/templates/confirmation/en/test")[0]?.body).toBe(
        JSON.stringify({ to: "me@example.com" }),
      ),
    );

    fireEvent.click(screen.getByLabelText("Send this message"));
    await waitFor(() =>
      expect(backend.to("PATCH", "/api/customer-care/settings")[0]?.body).toBe(
        JSON.stringify({ messages: { confirmation: false } }),
      ),
    );
  });
});
