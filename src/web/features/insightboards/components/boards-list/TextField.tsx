import type { InputHTMLAttributes, ReactNode, Ref } from 'react';
import { Field, inputClass } from '../../../../components/ui/Field.tsx';

/** A labelled text input with its hint, or its error in place of the hint. */
export function TextField({
  label,
  hint,
  error,
  value,
  onChange,
  inputRef,
  ...input
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  inputRef?: Ref<HTMLInputElement>;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'>) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => (
        <input
          ref={inputRef}
          type="text"
          {...input}
          {...control}
          className={inputClass}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
