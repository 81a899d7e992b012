import { useState, type FormEvent } from "react";
import { Banner, BlockStack, Button, Card, Form, InlineStack, Text, TextField } from "@shopify/polaris";
import type { AllocationPreview, LineView } from "../../api/types";
import { useServices } from "../../hooks/use-services";
import { describeError } from "../../locales/describe-error";
import { plural, t } from "../../locales/t";
import { lineStatusLabel } from "../line-status-badge";

/**
 * The line's place in its variant's queue and what N arriving units would do for it: the server's allocation preview
 * (GET /api/backorders/preview), which runs the engine's decision on the pool and writes nothing.
 */
export function RestockPreviewCard({ line }: { line: LineView }) {
  const { api } = useServices();
  const [value, setValue] = useState(String(Math.max(1, line.waiting)));
  const [preview, setPreview] = useState<AllocationPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const arriving = /^\d{1,7}$/.test(value.trim()) ? Number(value.trim()) : null;

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (arriving === null) return;
    setLoading(true);
    setError(null);
    try {
      setPreview(await api.previewAllocation(line.variantId, arriving));
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  }

  const waitingLines = preview?.lines.filter((l) => l.before.waiting > 0) ?? [];
  const place = waitingLines.findIndex((l) => l.lineItemId === line.lineItemId);
  const mine = preview?.lines.find((l) => l.lineItemId === line.lineItemId);

  return (
    <Card>
      <Form onSubmit={(event) => void submit(event)} noValidate>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("line.preview.heading")}
          </Text>
          <TextField
            label={t("line.preview.arriving")}
            type="number"
            min={0}
            value={value}
            onChange={setValue}
            error={arriving === null ? t("line.preview.invalid") : undefined}
            helpText={t("line.preview.help")}
            autoComplete="off"
          />
          <InlineStack>
            <Button submit loading={loading} disabled={arriving === null}>
              {t("line.preview.action")}
            </Button>
          </InlineStack>
          {error !== null && <Banner tone="critical">{describeError(error)}</Banner>}
          {preview && (
            <BlockStack gap="200">
              <Text as="p">
                {place >= 0
                  ? t(`line.preview.place.${plural(waitingLines.length)}`, {
                      place: place + 1,
                      count: waitingLines.length,
                    })
                  : t("line.preview.notQueued")}
              </Text>
              <Text as="p">
                {mine
                  ? t(`line.preview.outcome.${plural(mine.newlyAllocated)}`, {
                      count: mine.newlyAllocated,
                      status: lineStatusLabel(mine.after.status),
                      waiting: mine.after.waiting,
                    })
                  : t("line.preview.unchanged")}
              </Text>
              <Text as="p" tone="subdued">
                {t("line.preview.pool", {
                  arriving: preview.arriving,
                  allocated: preview.allocated,
                  leftover: preview.leftover,
                })}
              </Text>
            </BlockStack>
          )}
        </BlockStack>
      </Form>
    </Card>
  );
}
