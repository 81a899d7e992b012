import { Component, type ErrorInfo, type ReactNode } from "react";
import { Banner, Page } from "@shopify/polaris";
import { t } from "../locales/t";

interface State {
  error: Error | null;
}

/**
 * Last line of defence: a render error (for instance an API answer of an unexpected shape) shows a banner instead of
 * a blank iframe. `resetKey` (the route) clears it, so navigating away recovers.
 */
export class ErrorBoundary extends Component<{ resetKey: string; children: ReactNode }, State> {
  override state: State = { error: null };
  private failedKey: string | null = null;

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    this.failedKey = this.props.resetKey;
    console.error(error, info.componentStack);
  }

  override componentDidUpdate(): void {
    if (this.state.error && this.failedKey !== null && this.failedKey !== this.props.resetKey) {
      this.failedKey = null;
      this.setState({ error: null });
    }
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <Page>
        <Banner
          tone="critical"
          title={t("app.crashed.title")}
          action={{ content: t("app.crashed.reload"), onAction: () => window.location.reload() }}
        >
          <p>{t("errors.unexpected")}</p>
        </Banner>
      </Page>
    );
  }
}
