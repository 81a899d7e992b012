import { useState, type FormEvent } from "react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  Form,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Tag,
  Text,
  TextField,
} from "@shopify/polaris";
import type { Settings } from "../../api/types";
import { useServices } from "../../hooks/use-services";
import { describeError } from "../../locales/describe-error";
import { formatWeekday } from "../../locales/format";
import { t } from "../../locales/t";
import { hrefFor } from "../../router";
import {
  BAND_LIMITS,
  WEEKDAYS,
  draftOf,
  normalizeSettings,
  patchOf,
  serverFieldErrors,
  type Draft,
  type Field,
  type FieldErrors,
} from "./settings-draft";

export function SettingsForm({ initial, onReloadNeeded }: { initial: Settings; onReloadNeeded: () => void }) {
  const { api, toast } = useServices();
  const [saved, setSaved] = useState(() => draftOf(initial));
  const [draft, setDraft] = useState(saved);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [newTag, setNewTag] = useState("");
  const [newHoliday, setNewHoliday] = useState("");

  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);
  const change = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setErrors(({ [field as Field]: _fixed, ...rest }) => rest);
  };

  async function save() {
    const result = patchOf(draft, saved);
    setSaveError(null);
    if ("errors" in result) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    if (Object.keys(result.patch).length === 0) {
      // Only whitespace or the order of days changed: nothing to store.
      setDraft(saved);
      return;
    }
    setSaving(true);
    try {
      const answer = await api.updateSettings(result.patch);
      toast(t("settings.saved"));
      if (answer === undefined || answer === null) {
        onReloadNeeded();
      } else {
        const next = draftOf(normalizeSettings(answer));
        setSaved(next);
        setDraft(next);
      }
    } catch (error) {
      setSaveError(error);
      setErrors(serverFieldErrors(error));
    } finally {
      setSaving(false);
    }
  }

  function addTag(event?: FormEvent) {
    event?.preventDefault();
    const tag = newTag.trim().toLowerCase();
    if (!tag) return setErrors((e) => ({ ...e, priorityTags: t("settings.errors.tagEmpty") }));
    if (draft.priorityTags.includes(tag)) {
      return setErrors((e) => ({ ...e, priorityTags: t("settings.errors.duplicate", { value: tag }) }));
    }
    change("priorityTags", [...draft.priorityTags, tag]);
    setNewTag("");
  }

  function addHoliday(event?: FormEvent) {
    event?.preventDefault();
    const date = newHoliday.trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      return setErrors((e) => ({ ...e, holidays: t("settings.errors.date") }));
    }
    if (draft.holidays.includes(date)) {
      return setErrors((e) => ({ ...e, holidays: t("settings.errors.duplicate", { value: date }) }));
    }
    change("holidays", [...draft.holidays, date].sort());
    setNewHoliday("");
  }

  const partialOff = draft.partial === "never";
  return (
    <Page
      title={t("settings.title")}
      backAction={{ content: t("settings.back"), url: hrefFor({ name: "dashboard" }) }}
      primaryAction={{
        content: t("settings.save"),
        onAction: () => void save(),
        loading: saving,
        disabled: !dirty || saving,
      }}
    >
      <Layout>
        {(saveError !== null || Object.keys(errors).length > 0) && (
          <Layout.Section>
            <Banner
              tone="critical"
              title={t("settings.errorTitle")}
              onDismiss={saveError !== null ? () => setSaveError(null) : undefined}
            >
              <p>{saveError !== null ? describeError(saveError) : t("settings.fixFields")}</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.AnnotatedSection title={t("settings.orders.heading")}>
          <Card>
            <FormLayout>
              <TextField
                label={t("settings.orders.backorderTag")}
                value={draft.backorderTag}
                onChange={(value) => change("backorderTag", value)}
                helpText={t("settings.orders.backorderTagHelp")}
                error={errors.backorderTag}
                autoComplete="off"
              />
              <Checkbox
                label={t("settings.orders.shipTogether")}
                helpText={t("settings.orders.shipTogetherHelp")}
                checked={draft.shipTogether}
                onChange={(checked) => change("shipTogether", checked)}
                error={errors.shipTogether}
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title={t("settings.allocation.heading")}
          description={t("settings.allocation.description")}
        >
          <Card>
            <FormLayout>
              <BlockStack gap="200">
                <Form onSubmit={addTag}>
                  <TextField
                    label={t("settings.allocation.newTag")}
                    value={newTag}
                    onChange={(value) => {
                      setNewTag(value);
                      setErrors(({ priorityTags: _fixed, ...rest }) => rest);
                    }}
                    helpText={t("settings.allocation.priorityTagsHelp")}
                    error={errors.priorityTags}
                    autoComplete="off"
                    connectedRight={<Button submit>{t("settings.allocation.addTag")}</Button>}
                  />
                </Form>
                {draft.priorityTags.length > 0 ? (
                  <InlineStack gap="200">
                    {draft.priorityTags.map((tag) => (
                      <Tag
                        key={tag}
                        onRemove={() =>
                          change(
                            "priorityTags",
                            draft.priorityTags.filter((other) => other !== tag),
                          )
                        }
                      >
                        {tag}
                      </Tag>
                    ))}
                  </InlineStack>
                ) : (
                  <Text as="p" tone="subdued">
                    {t("settings.allocation.noTags")}
                  </Text>
                )}
              </BlockStack>
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
        <Layout.AnnotatedSection
          title={t("settings.weekend.heading")}
          description={t("settings.weekend.description")}
        >
          <Card>
            <ChoiceList
              title={t("settings.weekend.days")}
              allowMultiple
              choices={WEEKDAYS.map((day) => ({ label: formatWeekday(day), value: String(day) }))}
              selected={draft.weekend.map(String)}
              onChange={(selected) =>
                change(
                  "weekend",
                  WEEKDAYS.filter((day) => selected.includes(String(day))),
                )
              }
              error={errors.weekend}
            />
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title={t("settings.holidays.heading")}
          description={t("settings.holidays.description")}
        >
          <Card>
            <BlockStack gap="200">
              <Form onSubmit={addHoliday}>
                <TextField
                  label={t("settings.holidays.date")}
                  type="date"
                  value={newHoliday}
                  onChange={(value) => {
                    setNewHoliday(value);
                    setErrors(({ holidays: _fixed, ...rest }) => rest);
                  }}
                  error={errors.holidays}
                  autoComplete="off"
                  connectedRight={<Button submit>{t("settings.holidays.add")}</Button>}
                />
              </Form>
              {draft.holidays.length > 0 ? (
                <InlineStack gap="200">
                  {draft.holidays.map((date) => (
                    <Tag
                      key={date}
                      onRemove={() =>
                        change(
                          "holidays",
                          draft.holidays.filter((other) => other !== date),
                        )
                      }
                    >
                      {date}
                    </Tag>
                  ))}
                </InlineStack>
              ) : (
                <Text as="p" tone="subdued">
                  {t("settings.holidays.none")}
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title={t("settings.substitutes.heading")}
          description={t("settings.substitutes.description")}
        >
          <Card>
            <ChoiceList
              title={t("settings.substitutes.priceBand")}
              choices={[
                { label: t("settings.substitutes.anyPrice"), value: "any" },
                {
                  label: t("settings.substitutes.withinBand"),
                  value: "band",
                  renderChildren: (isSelected) =>
                    isSelected && (
                      <BlockStack gap="200">
                        <FormLayout.Group>
                          <TextField
                            label={t("settings.substitutes.belowPercent")}
                            type="number"
                            min={BAND_LIMITS.belowPercent.min}
                            max={BAND_LIMITS.belowPercent.max}
                            step={1}
                            prefix="−"
                            suffix="%"
                            value={draft.belowPercent}
                            onChange={(value) => change("belowPercent", value)}
                            error={errors.belowPercent}
                            autoComplete="off"
                          />
                          <TextField
                            label={t("settings.substitutes.abovePercent")}
                            type="number"
                            min={BAND_LIMITS.abovePercent.min}
                            max={BAND_LIMITS.abovePercent.max}
                            step={1}
                            prefix="+"
                            suffix="%"
                            value={draft.abovePercent}
                            onChange={(value) => change("abovePercent", value)}
                            error={errors.abovePercent}
                            autoComplete="off"
                          />
                        </FormLayout.Group>
                        <Text as="p" tone="subdued">
                          {t("settings.substitutes.summary", {
                            below: draft.belowPercent.trim() || "…",
                            above: draft.abovePercent.trim() || "…",
                          })}
                        </Text>
                      </BlockStack>
                    ),
                },
              ]}
              selected={[draft.substitutePriceBand]}
              onChange={([value]) => {
                change("substitutePriceBand", value === "band" ? "band" : "any");
                setErrors(({ belowPercent: _below, abovePercent: _above, ...rest }) => rest);
              }}
              error={errors.substitutePriceBand}
            />
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
