import { useState, type FormEvent } from "react";
import { BlockStack, Button, Form, InlineStack, Tag, Text, TextField } from "@shopify/polaris";

/**
 * A list of values (priority tags, holidays) with a field to add one: `check` turns the typed text into the value to
 * add, or returns the message that says why not.
 */
export function TagListField(props: {
  label: string;
  addLabel: string;
  emptyText: string;
  helpText?: string;
  type?: "text" | "date";
  values: string[];
  error: string | undefined;
  check: (typed: string) => { value: string } | { error: string };
  onChange: (values: string[]) => void;
  onError: (message: string | undefined) => void;
}) {
  const { values, onChange, onError } = props;
  const [typed, setTyped] = useState("");

  function add(event?: FormEvent) {
    event?.preventDefault();
    const result = props.check(typed);
    if ("error" in result) return onError(result.error);
    onChange([...values, result.value]);
    setTyped("");
  }

  return (
    <BlockStack gap="200">
      <Form onSubmit={add}>
        <TextField
          label={props.label}
          type={props.type ?? "text"}
          value={typed}
          onChange={(value) => {
            setTyped(value);
            onError(undefined);
          }}
          helpText={props.helpText}
          error={props.error}
          autoComplete="off"
          connectedRight={<Button submit>{props.addLabel}</Button>}
        />
      </Form>
      {values.length > 0 ? (
        <InlineStack gap="200">
          {values.map((value) => (
            <Tag key={value} onRemove={() => onChange(values.filter((other) => other !== value))}>
              {value}
            </Tag>
          ))}
        </InlineStack>
      ) : (
        <Text as="p" tone="subdued">
          {props.emptyText}
        </Text>
      )}
    </BlockStack>
  );
}
