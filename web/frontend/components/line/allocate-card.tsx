import { useState } from "react";
import { Button } from "@shopify/polaris";
import type { LineView } from "../../api/types";
import { useServices } from "../../hooks/use-services";
import { plural, t } from "../../locales/t";
import { useWholeNumberField, WholeNumberFormCard } from "./whole-number-form";

/** Allocates units to the line by hand (1 or more). */
export function AllocateCard({ line, onChanged }: { line: LineView; onChanged: () => void }) {
  const { api, toast } = useServices();
  const field = useWholeNumberField("", 1);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function allocate(units: number) {
    setSaving(true);
    setError(null);
    try {
      await api.allocateLine(line.lineItemId, units);
      toast(t(`line.allocate.done.${plural(units)}`, { count: units }));
      field.change("");
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
      onChanged();
    }
  }

  return (
    <WholeNumberFormCard
      heading={t("line.allocate.heading")}
      field={field}
      label={t("line.allocate.label")}
      help={t("line.allocate.help")}
      invalidMessage={t("line.allocate.invalid")}
      error={error}
      errorTitle={t("line.allocate.errorTitle")}
      onDismissError={() => setError(null)}
      onSubmit={() => {
        const units = field.read();
        if (units !== null) void allocate(units);
      }}
    >
      <Button submit loading={saving}>
        {t("line.allocate.action")}
      </Button>
    </WholeNumberFormCard>
  );
}
