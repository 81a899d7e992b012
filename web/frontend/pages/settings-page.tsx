import { useCallback, useState, type FormEvent } from "react";
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
  SkeletonBodyText,
  SkeletonPage,
  Tag,
  Text,
  TextField,
} from "@shopify/polaris";
import { ApiError } from "../api/client";
import { DEFAULT_SHOP_SETTINGS, SETTINGS_LIMITS } from "../../server/domain/settings/shape";
import type { AllocationRules, PriceBand, Settings, SettingsPatch } from "../api/types";
import { ApiErrorBanner } from "../components/api-error-banner";
import { useAsync } from "../hooks/use-async";
import { useServices } from "../hooks/use-services";
import { describeError } from "../locales/describe-error";
import { formatWeekday } from "../locales/format";
import { t } from "../locales/t";
import { hrefFor } from "../router";

/** What the server assumes when a field is missing, and its bounds (web/server/domain/settings/shape.ts). */
const DEFAULT_ALLOCATION = DEFAULT_SHOP_SETTINGS.allocation;
const DEFAULT_WEEKEND = DEFAULT_SHOP_SETTINGS.weekend;
const BAND_LIMITS = {
  belowPercent: { min: 0, max: SETTINGS_LIMITS.belowPercent },
  abovePercent: { min: 0, max: SETTINGS_LIMITS.abovePercent },
} as const;

/** ISO weekdays, Monday first. */
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The settings from the API, with defaults for whatever an older (or newer) server leaves out. */
export function normalizeSettings(raw: unknown): Settings {
  const body = record(raw);
  const source = "settings" in body && typeof body.settings === "object" ? record(body.settings) : body;
  const allocation = record(source.allocation);
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  const integer = (value: unknown) =>
    typeof value === "number" && Number.isSafeInteger(value) ? value : null;
  return {
    ...source,
    backorderTag: typeof source.backorderTag === "string" ? source.backorderTag : "",
    shipTogether: source.shipTogether === true,
    allocation: {
      priorityTags: strings(allocation.priorityTags),
      completeLinesFirst:
        typeof allocation.completeLinesFirst === "boolean"
          ? allocation.completeLinesFirst
          : DEFAULT_ALLOCATION.completeLinesFirst,
      partial: allocation.partial === "never" ? "never" : "allow",
      minPartialUnits: integer(allocation.minPartialUnits) ?? DEFAULT_ALLOCATION.minPartialUnits,
      maxPartialAllocations: integer(allocation.maxPartialAllocations),
    },
    holidays: strings(source.holidays).sort(),
    weekend: Array.isArray(source.weekend)
      ? WEEKDAYS.filter((day) => (source.weekend as unknown[]).includes(day))
      : [...DEFAULT_WEEKEND],
    substitutePriceBand: priceBandOf(source.substitutePriceBand),
  };
}

/** A band the page can show, or null (any price) for anything else. */
function priceBandOf(value: unknown): PriceBand | null {
  const { belowPercent, abovePercent } = record(value);
  return typeof belowPercent === "number" &&
    Number.isSafeInteger(belowPercent) &&
    typeof abovePercent === "number" &&
    Number.isSafeInteger(abovePercent)
    ? { belowPercent, abovePercent }
    : null;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function SettingsPage() {
  const { api } = useServices();
  const load = useCallback((signal: AbortSignal) => api.getSettings(signal), [api]);
  const { state, reload } = useAsync(load);
  const backAction = { content: t("settings.back"), url: hrefFor({ name: "dashboard" }) };

  if (state.status === "error") {
    return (
      <Page title={t("settings.title")} backAction={backAction}>
        <ApiErrorBanner error={state.error} onRetry={reload} />
      </Page>
    );
  }
  if (state.data === undefined) return <SettingsSkeleton />;
  return <SettingsForm initial={normalizeSettings(state.data)} onReloadNeeded={reload} />;
}

type Field =
  | "backorderTag"
  | "shipTogether"
  | "priorityTags"
  | "completeLinesFirst"
  | "partial"
  | "minPartialUnits"
  | "maxPartialAllocations"
  | "holidays"
  | "weekend"
  | "substitutePriceBand"
  | "belowPercent"
  | "abovePercent";

const FIELDS: readonly Field[] = [
  "backorderTag",
  "shipTogether",
  "priorityTags",
  "completeLinesFirst",
  "partial",
  "minPartialUnits",
  "maxPartialAllocations",
  "holidays",
  "weekend",
  "substitutePriceBand",
  "belowPercent",
  "abovePercent",
];

type FieldErrors = Partial<Record<Field, string>>;

interface Draft {
  backorderTag: string;
  shipTogether: boolean;
  priorityTags: string[];
  completeLinesFirst: boolean;
  partial: "allow" | "never";
  minPartialUnits: string;
  maxPartialAllocations: string;
  holidays: string[];
  weekend: number[];
  substitutePriceBand: "any" | "band";
  belowPercent: string;
  abovePercent: string;
}

function draftOf(settings: Settings): Draft {
  const { allocation } = settings;
  return {
    backorderTag: settings.backorderTag,
    shipTogether: settings.shipTogether,
    priorityTags: allocation.priorityTags,
    completeLinesFirst: allocation.completeLinesFirst,
    partial: allocation.partial,
    minPartialUnits: String(allocation.minPartialUnits),
    maxPartialAllocations:
      allocation.maxPartialAllocations === null ? "" : String(allocation.maxPartialAllocations),
    holidays: settings.holidays,
    weekend: settings.weekend,
    substitutePriceBand: settings.substitutePriceBand === null ? "any" : "band",
    belowPercent:
      settings.substitutePriceBand === null ? "" : String(settings.substitutePriceBand.belowPercent),
    abovePercent:
      settings.substitutePriceBand === null ? "" : String(settings.substitutePriceBand.abovePercent),
  };
}

function wholeNumber(value: string): number | null {
  const trimmed = value.trim();
  return /^\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed)) ? Number(trimmed) : null;
}

type Values = Required<Pick<SettingsPatch, "backorderTag" | "shipTogether" | "holidays" | "weekend">> & {
  allocation: AllocationRules;
  substitutePriceBand: PriceBand | null;
};

/** Every setting the draft stands for, or the fields to fix first (the server's checks, made here). */
function valuesOf(draft: Draft): { values: Values } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const backorderTag = draft.backorderTag.trim();
  if (!backorderTag) errors.backorderTag = t("settings.errors.required");
  const minPartialUnits = wholeNumber(draft.minPartialUnits);
  if (minPartialUnits === null || minPartialUnits < 1) {
    errors.minPartialUnits = t("settings.errors.integerMin", { min: 1 });
  }
  const maxPartialAllocations =
    draft.maxPartialAllocations.trim() === "" ? null : wholeNumber(draft.maxPartialAllocations);
  if (draft.maxPartialAllocations.trim() !== "" && maxPartialAllocations === null) {
    errors.maxPartialAllocations = t("settings.errors.integerMin", { min: 0 });
  }
  const weekend = WEEKDAYS.filter((day) => draft.weekend.includes(day));
  if (weekend.length === WEEKDAYS.length) errors.weekend = t("settings.errors.weekendAllDays");
  let substitutePriceBand: PriceBand | null = null;
  if (draft.substitutePriceBand === "band") {
    const percent = (field: "belowPercent" | "abovePercent") => {
      const value = wholeNumber(draft[field]);
      const { min, max } = BAND_LIMITS[field];
      if (value !== null && value >= min && value <= max) return value;
      errors[field] = t("settings.errors.integerRange", { min, max });
      return 0;
    };
    substitutePriceBand = { belowPercent: percent("belowPercent"), abovePercent: percent("abovePercent") };
  }
  if (Object.keys(errors).length > 0 || minPartialUnits === null) return { errors };
  return {
    values: {
      backorderTag,
      shipTogether: draft.shipTogether,
      allocation: {
        priorityTags: draft.priorityTags,
        completeLinesFirst: draft.completeLinesFirst,
        partial: draft.partial,
        minPartialUnits,
        maxPartialAllocations,
      },
      holidays: draft.holidays,
      weekend,
      substitutePriceBand,
    },
  };
}

/**
 * The PATCH body: the settings that differ from the saved ones (the allocation rules as a whole when any of them
 * changed), or the fields to fix first.
 */
function patchOf(draft: Draft, saved: Draft): { patch: SettingsPatch } | { errors: FieldErrors } {
  const next = valuesOf(draft);
  if ("errors" in next) return next;
  const before = valuesOf(saved);
  if ("errors" in before) return { patch: next.values };
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(next.values)) {
    const old: unknown = before.values[field as keyof Values];
    if (JSON.stringify(value) !== JSON.stringify(old)) patch[field] = value;
  }
  return { patch: patch as SettingsPatch };
}

/**
 * Per-field messages from a refused save. A server that lists its problems (`error.fields`, `error.details`,
 * `error.problems` or `error.issues`: `[{ field | path, message }]`) is read directly; otherwise the message of
 * the request validator (`Invalid body: allocation.minPartialUnits: Too small; holidays.0: Invalid date`) is split.
 * A path counts for the last of its segments that names a field on this page
 * (`substitutePriceBand.belowPercent` → belowPercent, `substitutePriceBand` → the band as a whole).
 */
export function serverFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || !error.fromServer) return {};
  const problems: { path: string; message: string }[] = [];
  const details = error.details ?? {};
  for (const name of ["fields", "details", "problems", "issues"]) {
    const list = details[name];
    if (Array.isArray(list)) {
      for (const item of list) {
        const { field, path, message } = record(item);
        const where = typeof field === "string" ? field : Array.isArray(path) ? path.join(".") : path;
        if (typeof where === "string" && typeof message === "string") problems.push({ path: where, message });
      }
    } else if (name === "fields" && typeof list === "object" && list !== null) {
      for (const [path, message] of Object.entries(list)) {
        if (typeof message === "string") problems.push({ path, message });
      }
    }
  }
  if (problems.length === 0) {
    const listed = /^Invalid [a-z]+: (.+)$/s.exec(error.message)?.[1];
    for (const part of listed?.split("; ") ?? []) {
      const at = part.indexOf(": ");
      if (at > 0) problems.push({ path: part.slice(0, at), message: part.slice(at + 2) });
    }
  }
  const errors: FieldErrors = {};
  for (const { path, message } of problems) {
    const field = path
      .split(/[.[\]/]+/)
      .findLast((segment): segment is Field => FIELDS.includes(segment as Field));
    if (field && !errors[field]) errors[field] = message;
  }
  return errors;
}

function SettingsForm({ initial, onReloadNeeded }: { initial: Settings; onReloadNeeded: () => void }) {
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

function SettingsSkeleton() {
  return (
    <SkeletonPage title={t("settings.title")} primaryAction backAction>
      <Layout>
        <Layout.AnnotatedSection title={t("settings.orders.heading")}>
          <Card>
            <SkeletonBodyText lines={3} />
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("settings.allocation.heading")}>
          <Card>
            <SkeletonBodyText lines={6} />
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("settings.weekend.heading")}>
          <Card>
            <SkeletonBodyText lines={4} />
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </SkeletonPage>
  );
}
