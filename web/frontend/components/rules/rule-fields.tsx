import {
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  FormLayout,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { t } from "../../locales/t";
import { usePicker } from "../resource-picker/use-picker";
import { ETA_KINDS, SCOPE_KINDS, type RuleDraft } from "./rule-draft";

type Change = (patch: Partial<RuleDraft>) => void;

/** What the rule applies to: the scope kind and its target (picked, or typed for tags and vendors). */
export function ScopeFields({ draft, onChange }: { draft: RuleDraft; onChange: Change }) {
  const picker = usePicker();
  const kind = draft.scopeKind;
  const pickable =
    (kind === "variant" || kind === "product" || kind === "collection") && picker.canPick(kind);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("rules.editor.appliesTo")}
        </Text>
        <Select
          label={t("rules.editor.scopeKind")}
          options={SCOPE_KINDS.map((k) => ({ label: t(`rules.scope.${k}`), value: k }))}
          value={kind}
          onChange={(value) =>
            onChange({ scopeKind: value as RuleDraft["scopeKind"], target: "", targetTitle: null })
          }
        />
        {pickable ? (
          <InlineStack gap="300" blockAlign="center">
            <Text as="p">
              {draft.target
                ? t("rules.editor.chosen", { title: draft.targetTitle ?? draft.target })
                : t("rules.editor.nothingChosen")}
            </Text>
            <Button
              onClick={() =>
                picker.open(kind as "variant" | "product" | "collection", (p) =>
                  onChange({ target: p.id, targetTitle: p.title }),
                )
              }
            >
              {draft.target ? t("rules.editor.change") : t("rules.editor.choose")}
            </Button>
          </InlineStack>
        ) : kind === "shop" ? null : (
          <TextField
            label={
              kind === "tag"
                ? t("rules.editor.tag")
                : kind === "vendor"
                  ? t("rules.editor.vendor")
                  : t("rules.editor.collectionId")
            }
            helpText={kind === "collection" ? t("rules.editor.collectionIdHelp") : undefined}
            value={draft.target}
            onChange={(target) => onChange({ target, targetTitle: null })}
            autoComplete="off"
          />
        )}
        {picker.modal}
      </BlockStack>
    </Card>
  );
}

/** Mode, cap and priority. */
export function SellingFields({
  draft,
  onChange,
  errors,
}: {
  draft: RuleDraft;
  onChange: Change;
  errors: Record<string, string>;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("rules.editor.selling")}
        </Text>
        <ChoiceList
          title={t("rules.editor.mode")}
          choices={(["off", "when_out_of_stock", "always"] as const).map((m) => ({
            label: t(`rules.modes.${m}`),
            value: m,
          }))}
          selected={[draft.mode]}
          onChange={([mode]) => mode && onChange({ mode: mode as RuleDraft["mode"] })}
        />
        <FormLayout>
          <FormLayout.Group>
            <TextField
              label={t("rules.editor.cap")}
              helpText={t("rules.editor.capHelp")}
              type="number"
              min={0}
              value={draft.cap}
              onChange={(cap) => onChange({ cap })}
              error={errors["settings.cap"]}
              autoComplete="off"
            />
            <TextField
              label={t("rules.editor.priority")}
              helpText={t("rules.editor.priorityHelp")}
              type="number"
              min={0}
              value={draft.priority}
              onChange={(priority) => onChange({ priority })}
              error={errors.priority}
              autoComplete="off"
            />
          </FormLayout.Group>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}

/** Where the restock date comes from, handling days, the longest acceptable wait. */
export function EtaFields({
  draft,
  onChange,
  errors,
}: {
  draft: RuleDraft;
  onChange: Change;
  errors: Record<string, string>;
}) {
  type TextKey = "from" | "to" | "minDays" | "maxDays" | "handlingDays" | "maxLeadTimeDays";
  const field =
    (type: "number" | "date") => (label: string, key: TextKey, error?: string, helpText?: string) => (
      <TextField
        label={label}
        type={type}
        min={type === "number" ? 0 : undefined}
        value={draft[key]}
        onChange={(value) => onChange({ [key]: value })}
        error={error}
        helpText={helpText}
        autoComplete="off"
      />
    );
  const number = field("number");
  const date = field("date");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("rules.editor.eta")}
        </Text>
        <Select
          label={t("rules.editor.etaKind")}
          options={ETA_KINDS.map((k) => ({ label: t(`rules.etaKinds.${k}`), value: k }))}
          value={draft.etaKind}
          onChange={(value) => onChange({ etaKind: value as RuleDraft["etaKind"] })}
        />
        <FormLayout>
          {draft.etaKind === "fixed_date"
            ? date(t("rules.editor.date"), "from", errors["settings.etaSource.from"])
            : null}
          {draft.etaKind === "date_range" ? (
            <FormLayout.Group>
              {date(t("rules.editor.from"), "from", errors["settings.etaSource.from"])}
              {date(t("rules.editor.to"), "to", errors["settings.etaSource.to"])}
            </FormLayout.Group>
          ) : null}
          {draft.etaKind === "lead_time" ? (
            <FormLayout.Group>
              {number(t("rules.editor.minDays"), "minDays", errors["settings.etaSource.minBusinessDays"])}
              {number(t("rules.editor.maxDays"), "maxDays", errors["settings.etaSource.maxBusinessDays"])}
            </FormLayout.Group>
          ) : null}
          <FormLayout.Group>
            {number(t("rules.editor.handlingDays"), "handlingDays", errors["settings.handlingDays"])}
            {number(
              t("rules.editor.maxLeadTime"),
              "maxLeadTimeDays",
              errors["settings.maxLeadTimeDays"],
              t("rules.editor.maxLeadTimeHelp"),
            )}
          </FormLayout.Group>
          <Checkbox
            label={t("rules.editor.requireEta")}
            checked={draft.requireEta}
            onChange={(requireEta) => onChange({ requireEta })}
          />
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
