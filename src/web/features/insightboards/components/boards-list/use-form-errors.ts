import { useRef, useState } from 'react';

/**
 * Errors of a small form: shown next to their fields, the first one focused, and a field's error
 * (with the form-wide one) cleared as soon as that field is edited.
 */
export function useFormErrors<F extends string>(order: readonly F[]) {
  const [errors, setErrors] = useState<Partial<Record<F | 'form', string>>>({});
  const inputs = useRef(new Map<F, HTMLInputElement | null>());

  return {
    errors,
    refFor: (field: F) => (input: HTMLInputElement | null) => {
      inputs.current.set(field, input);
    },
    show(next: Partial<Record<F | 'form', string>>) {
      setErrors(next);
      const first = order.find((field) => next[field]);
      if (first) inputs.current.get(first)?.focus();
    },
    clear(field: F) {
      setErrors((current) =>
        current[field] || current.form
          ? { ...current, [field]: undefined, form: undefined }
          : current,
      );
    },
  };
}
