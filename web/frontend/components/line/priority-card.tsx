import { useState } from "react";
import { Button } from "@shopify/polaris";
import type { LineView } from "../../api/types";
import { useServices } from "../../hooks/use-services";
import { t } from "../../locales/t";
import { useWholeNumberField, WholeNumberFormCard } from "./whole-number-form";

/** Sets or clears the line's priority by hand (0 or more; the lowest goes first). */
export function PriorityCard({ line, onChanged }: { line: LineView; onChanged: () => void }) {
  const { api, toast } = useServices();
  const field = useWholeNumberField(line.priority === null ? "" : String(line.priority), 0);
  const [saving, setSaving] = useState<"set" | "clear" | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function save(priority: number | null) {
    setSaving(priority === null ? "clear" : "set");
    setError(null);
    try {
      await api.setLinePriority(line.lineItemId, priority);
      toast(priority === null ? t("line.priority.cleared") : t("line.priority.saved", { priority }));
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(null);
      onChanged();
    }
  }

  return (
    <WholeNumberFormCard
      heading={t("line.priority.heading")}
      field={field}
      label={t("line.priority.label")}
      help={t("line.priority.help")}
      invalidMessage={t("line.priority.invalid")}
      error={error}
      errorTitle={t("line.priority.errorTitle")}
      onDismissError={() => setError(null)}
      onSubmit={() => {
        const priority = field.read();
        if (priority !== null) void save(priority);
      }}
    >
      <Button submit variant="primary" loading={saving === "set"} disabled={saving !== null}>
        {t("line.priority.save")}
      </Button>
      <Button
        onClick={() => void save(null)}
        loading={saving === "clear"}
        disabled={saving !== null || line.priority === null}
      >
        {t("line.priority.clear")}
      </Button>
    </WholeNumberFormCard>
  );
}
