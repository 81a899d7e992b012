import { useState, type FormEvent, type ReactNode } from "react";
import { Banner, BlockStack, Card, Form, InlineStack, Text, TextField } from "@shopify/polaris";
import { describeError } from "../../locales/describe-error";

/** A whole number from a text field, or null. */
export function parseInteger(value: string): number | null {
  const trimmed = value.trim();
  if (!/^-?\d+$/.test(trimmed)) return null;
  const number = Number(trimmed);
  return Number.isSafeInteger(number) ? number : null;
}

export interface WholeNumberField {
  value: string;
  invalid: boolean;
  min: number;
  change(next: string): void;
  /** The number typed when it is a whole number of at least `min`; otherwise marks the field invalid and gives null. */
  read(): number | null;
}

export function useWholeNumberField(initial: string, min: number): WholeNumberField {
  const [value, setValue] = useState(initial);
  const [invalid, setInvalid] = useState(false);
  return {
    value,
    invalid,
    min,
    change(next) {
      setValue(next);
      setInvalid(false);
    },
    read() {
      const number = parseInteger(value);
      const valid = number !== null && number >= min;
      setInvalid(!valid);
      return valid ? number : null;
    },
  };
}

interface WholeNumberFormCardProps {
  heading: string;
  field: WholeNumberField;
  label: string;
  help: string;
  invalidMessage: string;
  /** The last failure to show above the field, or null. */
  error: unknown;
  errorTitle: string;
  onDismissError(): void;
  onSubmit(): void;
  /** The buttons under the field; one of them submits. */
  children: ReactNode;
}

/** A card with one whole-number field, the last failure above it and its buttons below (the line's hand actions). */
export function WholeNumberFormCard(props: WholeNumberFormCardProps) {
  const { field, error } = props;
  function submit(event?: FormEvent) {
    event?.preventDefault();
    props.onSubmit();
  }
  return (
    <Card>
      <Form onSubmit={submit} noValidate>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {props.heading}
          </Text>
          {error !== null && (
            <Banner tone="critical" title={props.errorTitle} onDismiss={props.onDismissError}>
              <p>{describeError(error)}</p>
            </Banner>
          )}
          <TextField
            label={props.label}
            type="number"
            min={field.min}
            step={1}
            value={field.value}
            onChange={field.change}
            error={field.invalid ? props.invalidMessage : undefined}
            helpText={props.help}
            autoComplete="off"
          />
          <InlineStack gap="200">{props.children}</InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
