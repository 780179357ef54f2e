import { useId, useState, type FormEvent } from 'react';
import type { Dashboard } from '../../../../../contract/dashboards.ts';
import { Button } from '../../../../components/ui/Button.tsx';
import { Dialog } from '../../../../components/ui/Dialog.tsx';
import { useSaveBoard } from '../../api/mutations.ts';
import {
  boardErrorsFromServer,
  checkName,
  labelsText,
  parseLabels,
  sameLabels,
  type Label,
} from './board-form.ts';
import { FormError } from './FormError.tsx';
import { LabelsHint } from './LabelsHint.tsx';
import { TextField } from './TextField.tsx';
import { useFormErrors } from './use-form-errors.ts';

/** The board's name and labels; the labels decide the sections it is listed in. */
export function RenameBoardDialog({
  board,
  knownLabels,
  onClose,
  onSaved,
}: {
  board: Dashboard;
  knownLabels: readonly Label[];
  onClose: () => void;
  onSaved: (saved: Dashboard) => void;
}) {
  const [name, setName] = useState(board.name);
  const [labels, setLabels] = useState(() => labelsText(board.tags));
  const { errors, show, clear, refFor } = useFormErrors(['name', 'labels'] as const);
  const save = useSaveBoard();
  const formId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    const parsed = parseLabels(labels, knownLabels);
    const nameError = checkName(name);
    if (nameError || parsed.labels === undefined)
      return show({ name: nameError, labels: parsed.error });
    const changes = {
      ...(name.trim() !== board.name ? { name: name.trim() } : {}),
      ...(sameLabels(parsed.labels, board.tags) ? {} : { tags: parsed.labels }),
    };
    if (Object.keys(changes).length === 0) return onClose();
    save.mutate(
      { board, changes },
      {
        onSuccess: (saved) => {
          onSaved(saved);
          onClose();
        },
        onError: (error) => show(boardErrorsFromServer(error, { action: 'saved' })),
      },
    );
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={`Rename “${board.name}”`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </Button>
        </>
      }
    >
      <form id={formId} noValidate onSubmit={submit} className="space-y-4">
        <TextField
          label="Name"
          value={name}
          onChange={(value) => {
            setName(value);
            clear('name');
          }}
          error={errors.name}
          inputRef={refFor('name')}
          autoComplete="off"
        />
        <TextField
          label="Labels"
          hint={<LabelsHint known={knownLabels} />}
          value={labels}
          onChange={(value) => {
            setLabels(value);
            clear('labels');
          }}
          error={errors.labels}
          inputRef={refFor('labels')}
          autoComplete="off"
        />
        <FormError message={errors.form} />
      </form>
    </Dialog>
  );
}
