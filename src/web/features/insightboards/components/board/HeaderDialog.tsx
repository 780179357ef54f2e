import { useId, useState, type FormEvent } from 'react';
import { Button } from '../../../../components/ui/Button.tsx';
import { Dialog } from '../../../../components/ui/Dialog.tsx';
import { Field, inputClass } from '../../../../components/ui/Field.tsx';
import type { HeaderBlock } from '../../layout.ts';

export interface HeaderFormValues {
  header: string;
  subHeader: string;
}

export const MAX_HEADER_LENGTH = 255;
export const MAX_SUBHEADER_LENGTH = 1000;

export function validateHeaderForm(values: HeaderFormValues): Partial<HeaderFormValues> {
  const errors: Partial<HeaderFormValues> = {};
  if (values.header.trim() === '') errors.header = 'Give the section a title';
  else if (values.header.trim().length > MAX_HEADER_LENGTH)
    errors.header = `Keep it to ${MAX_HEADER_LENGTH} characters`;
  if (values.subHeader.length > MAX_SUBHEADER_LENGTH)
    errors.subHeader = `Keep it to ${MAX_SUBHEADER_LENGTH} characters`;
  return errors;
}

function HeaderForm({
  header,
  formId,
  onSubmit,
}: {
  header?: HeaderBlock;
  formId: string;
  onSubmit: (values: HeaderFormValues) => void;
}) {
  const [values, setValues] = useState<HeaderFormValues>({
    header: header?.header ?? '',
    subHeader: header?.subHeader ?? '',
  });
  const [submitted, setSubmitted] = useState(false);
  const errors = submitted ? validateHeaderForm(values) : {};

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(validateHeaderForm(values)).length === 0) {
      onSubmit({ header: values.header.trim(), subHeader: values.subHeader.trim() });
    }
  }

  return (
    <form id={formId} onSubmit={submit} noValidate className="space-y-4">
      <Field label="Title" error={errors.header}>
        {(control) => (
          <input
            {...control}
            className={inputClass}
            value={values.header}
            onChange={(e) => setValues((v) => ({ ...v, header: e.target.value }))}
          />
        )}
      </Field>
      <Field label="Subtitle" hint="Optional." error={errors.subHeader}>
        {(control) => (
          <textarea
            {...control}
            rows={2}
            className={inputClass}
            value={values.subHeader}
            onChange={(e) => setValues((v) => ({ ...v, subHeader: e.target.value }))}
          />
        )}
      </Field>
    </form>
  );
}

/** Adds a section header, or changes one. */
export function HeaderDialog({
  open,
  header,
  onClose,
  onSubmit,
}: {
  open: boolean;
  header?: HeaderBlock;
  onClose: () => void;
  onSubmit: (values: HeaderFormValues) => void;
}) {
  const formId = useId();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={header ? 'Edit section header' : 'Add a section header'}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form={formId}>
            {header ? 'Apply' : 'Add header'}
          </Button>
        </>
      }
    >
      {open && <HeaderForm header={header} formId={formId} onSubmit={onSubmit} />}
    </Dialog>
  );
}
