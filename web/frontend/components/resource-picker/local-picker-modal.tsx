import { useCallback, useEffect, useState } from "react";
import { BlockStack, Button, Modal, ResourceItem, ResourceList, Text, TextField } from "@shopify/polaris";
import type { PickerProduct } from "../../api/rules-api";
import { useServices } from "../../hooks/use-services";
import { describeError } from "../../locales/describe-error";
import { plural, t } from "../../locales/t";
import type { Picked } from "./picked";

interface Row {
  id: string;
  title: string;
  detail: string;
}

/** Products, or their variants flattened ("Trail Boot – 42"), as rows of the list. */
function rowsOf(products: PickerProduct[], type: "product" | "variant"): Row[] {
  if (type === "product") {
    return products.map((p) => ({ id: p.productId, title: p.title, detail: p.vendor ?? "" }));
  }
  return products.flatMap((p) =>
    p.variants.map((v) => ({
      id: v.variantId,
      title: v.title === "Default Title" ? p.title : `${p.title} – ${v.title}`,
      detail: [
        v.sku,
        v.available === null
          ? null
          : t(`rules.picker.available.${plural(v.available)}`, { count: v.available }),
      ]
        .filter(Boolean)
        .join(" · "),
    })),
  );
}

/**
 * The resource picker outside Shopify admin: a search over the shop's products (Shopify's product search, through
 * Waitwell's server), a page at a time, in a Polaris modal. Choosing a row closes it.
 */
export function LocalPickerModal({
  type,
  onPick,
  onClose,
}: {
  type: "product" | "variant";
  onPick: (picked: Picked) => void;
  onClose: () => void;
}) {
  const { api } = useServices();
  const [query, setQuery] = useState("");
  const [products, setProducts] = useState<PickerProduct[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (q: string, after: string | null, signal?: AbortSignal) => {
      setLoading(true);
      try {
        const page = await api.searchProducts(q, after, signal);
        setProducts((old) => (after ? [...old, ...page.products] : page.products));
        setNext(page.nextCursor);
        setError(null);
      } catch (e) {
        if (!signal?.aborted) setError(describeError(e));
      } finally {
        if (!signal?.aborted) setLoading(false);
      }
    },
    [api],
  );

  useEffect(() => {
    const controller = new AbortController();
    // A short pause while typing: one search per word, not per key.
    const timer = setTimeout(() => void load(query, null, controller.signal), 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [load, query]);

  const rows = rowsOf(products, type);
  return (
    <Modal
      open
      onClose={onClose}
      title={t(`rules.picker.title.${type}`)}
      secondaryActions={[{ content: t("rules.picker.cancel"), onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <TextField
            label={t("rules.picker.search")}
            placeholder={t("rules.picker.searchPlaceholder")}
            value={query}
            onChange={setQuery}
            autoComplete="off"
            clearButton
            onClearButtonClick={() => setQuery("")}
          />
          {error ? (
            <Text as="p" tone="critical">
              {error}
            </Text>
          ) : null}
          <ResourceList
            resourceName={{ singular: type, plural: `${type}s` }}
            items={rows}
            loading={loading}
            emptyState={
              loading ? undefined : (
                <Text as="p" tone="subdued">
                  {t("rules.picker.none")}
                </Text>
              )
            }
            renderItem={(row) => (
              <ResourceItem
                id={row.id}
                onClick={() => onPick({ id: row.id, title: row.title })}
                accessibilityLabel={t("rules.picker.choose", { title: row.title })}
              >
                <Text as="span" variant="bodyMd" fontWeight="semibold">
                  {row.title}
                </Text>
                {row.detail ? (
                  <Text as="p" variant="bodySm" tone="subdued">
                    {row.detail}
                  </Text>
                ) : null}
              </ResourceItem>
            )}
          />
          {next ? (
            <Button onClick={() => void load(query, next)} disabled={loading}>
              {t("rules.picker.more")}
            </Button>
          ) : null}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
