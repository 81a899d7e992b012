import { Card, ChoiceList, Layout } from "@shopify/polaris";
import { formatWeekday } from "../../locales/format";
import { t } from "../../locales/t";
import type { SectionProps } from "./section-props";
import { WEEKDAYS } from "./settings-draft";
import { TagListField } from "./tag-list-field";

/** The warehouse's calendar, which every ETA counts in: the days it is closed each week, and its holidays. */
export function CalendarSections({ draft, errors, change, setError }: SectionProps) {
  const checkDate = (typed: string) => {
    const date = typed.trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      return { error: t("settings.errors.date") };
    }
    if (draft.holidays.includes(date)) return { error: t("settings.errors.duplicate", { value: date }) };
    return { value: date };
  };
  return (
    <>
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
          <TagListField
            label={t("settings.holidays.date")}
            addLabel={t("settings.holidays.add")}
            emptyText={t("settings.holidays.none")}
            type="date"
            values={draft.holidays}
            error={errors.holidays}
            check={checkDate}
            onChange={(dates) => change("holidays", [...dates].sort())}
            onError={(message) => setError("holidays", message)}
          />
        </Card>
      </Layout.AnnotatedSection>
    </>
  );
}
