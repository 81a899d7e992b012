import { Button, EmptyState, Page } from "@shopify/polaris";
import { t } from "../locales/t";
import { hrefFor } from "../router";

export function NotFoundPage({ path }: { path: string }) {
  return (
    <Page>
      <EmptyState heading={t("notFound.title")} image="">
        <p>{t("notFound.body", { path })}</p>
        <Button url={hrefFor({ name: "dashboard" })}>{t("notFound.back")}</Button>
      </EmptyState>
    </Page>
  );
}
