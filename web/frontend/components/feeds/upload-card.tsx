import { useState } from "react";
import { BlockStack, Button, Card, DropZone, InlineStack, InlineError, Text } from "@shopify/polaris";
import { t } from "../../locales/t";
import { fileSize } from "./feed-labels";

/**
 * The file: dropped or picked (Polaris DropZone), then checked (a dry run). Apply is offered by the result once the
 * dry run of this same file passed.
 */
export function UploadCard({
  file,
  onFile,
  onCheck,
  busy,
}: {
  file: File | null;
  onFile: (file: File) => void;
  onCheck: () => void;
  busy: boolean;
}) {
  const [refused, setRefused] = useState<string | null>(null);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("feeds.upload.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("feeds.upload.help")}
        </Text>
        <DropZone
          label={t("feeds.upload.label")}
          accept=".csv,text/csv,application/vnd.ms-excel"
          type="file"
          allowMultiple={false}
          disabled={busy}
          onDrop={(_all, accepted, rejected) => {
            const picked = accepted[0];
            setRefused(!picked && rejected[0] ? t("feeds.upload.notCsv", { name: rejected[0].name }) : null);
            if (picked) onFile(picked);
          }}
        >
          <DropZone.FileUpload actionTitle={t("feeds.upload.action")} actionHint={t("feeds.upload.hint")} />
        </DropZone>
        {refused ? <InlineError message={refused} fieldID="feed-file" /> : null}
        <InlineStack gap="300" blockAlign="center">
          {file ? (
            <Text as="p">{t("feeds.upload.selected", { name: file.name, size: fileSize(file.size) })}</Text>
          ) : null}
          <Button variant="primary" onClick={onCheck} disabled={!file || busy} loading={busy}>
            {t("feeds.upload.check")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
