import type { SettingsLimits } from "../../api/types";
import type { Draft, Field, FieldErrors } from "./settings-draft";

/** What every section of the settings form gets: the draft, its field errors, and how to change a field. */
export interface SectionProps {
  draft: Draft;
  errors: FieldErrors;
  /** Sets a field of the draft (and clears its error). */
  change: <K extends keyof Draft>(field: K, value: Draft[K]) => void;
  /** Shows (a message) or clears (undefined) a field's error, for input that is not in the draft yet. */
  setError: (field: Field, message: string | undefined) => void;
  /** The server's bounds (GET /api/settings). */
  limits: SettingsLimits;
}
