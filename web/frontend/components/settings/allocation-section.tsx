import { Card, Checkbox, ChoiceList, FormLayout, Layout, TextField } from "@shopify/polaris";
import { t } from "../../locales/t";
import type { SectionProps } from "./section-props";
import { TagListField } from "./tag-list-field";

/** Allocation: who gets arriving stock first (priority tags, complete lines first) and how partial shipments go. */
export function AllocationSection({ draft, errors, change, setError }: SectionProps) {
  const partialOff = draft.partial === "never";
  const checkTag = (typed: string) => {
    const tag = typed.trim().toLowerCase();
    if (!tag) return { error: t("settings.errors.tagEmpty") };
    if (draft.priorityTags.includes(tag)) return { error: t("settings.errors.duplicate", { value: tag }) };
    return { value: tag };
  };
  return (
    <Layout.AnnotatedSection
      title={t("settings.allocation.heading")}
      description={t("settings.allocation.description")}
    >
      <Card>
        <FormLayout>
          <TagListField
            label={t("settings.allocation.newTag")}
            addLabel={t("settings.allocation.addTag")}
            emptyText={t("settings.allocation.noTags")}
            helpText={t("settings.allocation.priorityTagsHelp")}
            values={draft.priorityTags}
            error={errors.priorityTags}
            check={checkTag}
            onChange={(tags) => change("priorityTags", tags)}
            onError={(message) => setError("priorityTags", message)}
          />
          <Checkbox
            label={t("settings.allocation.completeLinesFirst")}
            helpText={t("settings.allocation.completeLinesFirstHelp")}
            checked={draft.completeLinesFirst}
            onChange={(checked) => change("completeLinesFirst", checked)}
            error={errors.completeLinesFirst}
          />
          <ChoiceList
            title={t("settings.allocation.partial")}
            choices={[
              { label: t("settings.allocation.partialAllow"), value: "allow" },
              { label: t("settings.allocation.partialNever"), value: "never" },
            ]}
            selected={[draft.partial]}
            onChange={([value]) => change("partial", value === "never" ? "never" : "allow")}
            error={errors.partial}
          />
          <FormLayout.Group>
            <TextField
              label={t("settings.allocation.minPartialUnits")}
              type="number"
              min={1}
              step={1}
              value={draft.minPartialUnits}
              onChange={(value) => change("minPartialUnits", value)}
              helpText={t("settings.allocation.minPartialUnitsHelp")}
              error={errors.minPartialUnits}
              disabled={partialOff}
              autoComplete="off"
            />
            <TextField
              label={t("settings.allocation.maxPartialAllocations")}
              type="number"
              min={0}
              step={1}
              value={draft.maxPartialAllocations}
              onChange={(value) => change("maxPartialAllocations", value)}
              helpText={t("settings.allocation.maxPartialAllocationsHelp")}
              error={errors.maxPartialAllocations}
              disabled={partialOff}
              autoComplete="off"
            />
          </FormLayout.Group>
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}
