import { useState, type FormEvent } from "react";
import { BlockStack, Button, Form, InlineStack, Select, Tag, TextField } from "@shopify/polaris";
import { shortId, toGid } from "../../api/gid";
import { LINE_SORTS, type LineSort } from "../../api/types";
import { plural, t } from "../../locales/t";
import { NO_BACKORDER_FILTERS, type BackorderFilters } from "../../router";

/** The age filter's choices, in days. */
export const AGE_CHOICES = [1, 3, 7, 14, 30] as const;

export function sortLabel(sort: LineSort): string {
  return t(`backorders.sort.${sort}`);
}

/** Search and IDs apply on submit (Enter or the button); the age and the sort apply when chosen. */
export function LineFilterBar(props: {
  filters: BackorderFilters;
  onApply: (change: Partial<BackorderFilters>) => void;
}) {
  const { filters, onApply } = props;
  const [q, setQ] = useState(filters.q ?? "");
  const [orderId, setOrderId] = useState(filters.orderId ? shortId(filters.orderId) : "");
  const [customerId, setCustomerId] = useState(filters.customerId ? shortId(filters.customerId) : "");
  const [variantId, setVariantId] = useState(filters.variantId ? shortId(filters.variantId) : "");

  function submit(event?: FormEvent) {
    event?.preventDefault();
    onApply({
      q: q.trim() || null,
      orderId: toGid("Order", orderId),
      customerId: toGid("Customer", customerId),
      variantId: toGid("ProductVariant", variantId),
    });
  }

  const ages = [...AGE_CHOICES] as number[];
  if (filters.olderThanDays !== null && !ages.includes(filters.olderThanDays))
    ages.push(filters.olderThanDays);
  const active: { key: keyof BackorderFilters; label: string }[] = [];
  if (filters.q) active.push({ key: "q", label: t("backorders.filters.activeSearch", { text: filters.q }) });
  if (filters.orderId) {
    active.push({
      key: "orderId",
      label: t("backorders.filters.activeOrder", { id: shortId(filters.orderId) }),
    });
  }
  if (filters.customerId) {
    active.push({
      key: "customerId",
      label: t("backorders.filters.activeCustomer", { id: shortId(filters.customerId) }),
    });
  }
  if (filters.variantId) {
    active.push({
      key: "variantId",
      label: t("backorders.filters.activeVariant", { id: shortId(filters.variantId) }),
    });
  }

  const idField = (label: string, value: string, set: (v: string) => void) => (
    <TextField
      label={label}
      placeholder={t("backorders.filters.idPlaceholder")}
      value={value}
      onChange={set}
      autoComplete="off"
      clearButton
      onClearButtonClick={() => set("")}
    />
  );

  return (
    <Form onSubmit={submit}>
      <BlockStack gap="200">
        <InlineStack gap="300" blockAlign="end" wrap>
          <div style={{ minWidth: "16rem", flexGrow: 1 }}>
            <TextField
              label={t("backorders.filters.search")}
              placeholder={t("backorders.filters.searchPlaceholder")}
              value={q}
              onChange={setQ}
              autoComplete="off"
              clearButton
              onClearButtonClick={() => setQ("")}
            />
          </div>
          {idField(t("backorders.filters.order"), orderId, setOrderId)}
          {idField(t("backorders.filters.customer"), customerId, setCustomerId)}
          {idField(t("backorders.filters.variant"), variantId, setVariantId)}
          <Select
            label={t("backorders.filters.age")}
            options={[
              { label: t("backorders.filters.anyAge"), value: "" },
              ...ages.map((days) => ({
                label: t(`backorders.filters.olderThan.${plural(days)}`, { count: days }),
                value: String(days),
              })),
            ]}
            value={filters.olderThanDays === null ? "" : String(filters.olderThanDays)}
            onChange={(value) => onApply({ olderThanDays: value ? Number(value) : null })}
          />
          <Select
            label={t("backorders.filters.sort")}
            options={LINE_SORTS.map((sort) => ({ label: sortLabel(sort), value: sort }))}
            value={filters.sort}
            onChange={(value) => onApply({ sort: value as LineSort })}
          />
          <Button submit>{t("backorders.filters.apply")}</Button>
          {(active.length > 0 || filters.olderThanDays !== null) && (
            <Button
              variant="plain"
              onClick={() => onApply({ ...NO_BACKORDER_FILTERS, view: filters.view, sort: filters.sort })}
            >
              {t("backorders.filters.clear")}
            </Button>
          )}
        </InlineStack>
        {active.length > 0 && (
          <InlineStack gap="200">
            {active.map(({ key, label }) => (
              <Tag key={key} onRemove={() => onApply({ [key]: null })}>
                {label}
              </Tag>
            ))}
          </InlineStack>
        )}
      </BlockStack>
    </Form>
  );
}
