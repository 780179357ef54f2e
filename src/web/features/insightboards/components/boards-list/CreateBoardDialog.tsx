import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../../../components/ui/Button.tsx';
import { Dialog } from '../../../../components/ui/Dialog.tsx';
import { useCreateBoard } from '../../api/mutations.ts';
import { boardPath } from './board-groups.ts';
import {
  TAG_HINT,
  boardErrorsFromServer,
  checkNewBoard,
  type Label,
  type NewBoardValues,
} from './board-form.ts';
import { FormError } from './FormError.tsx';
import { LabelsHint } from './LabelsHint.tsx';
import { TextField } from './TextField.tsx';
import { useFormErrors } from './use-form-errors.ts';

/** A new board: its name, optionally its tag and labels; on success its page opens. */
export function CreateBoardDialog({
  knownLabels,
  tagOwner,
  onClose,
}: {
  knownLabels: readonly Label[];
  /** The name of the board that already has a tag, when the page knows it. */
  tagOwner: (tag: string) => string | undefined;
  onClose: () => void;
}) {
  const [values, setValues] = useState<NewBoardValues>({ name: '', tag: '', labels: '' });
  const { errors, show, clear, refFor } = useFormErrors(['name', 'tag', 'labels'] as const);
  const create = useCreateBoard();
  const navigate = useNavigate();
  const formId = useId();

  const change = (field: keyof NewBoardValues) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    clear(field);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const checked = checkNewBoard(values, knownLabels);
    if (!checked.ok) return show(checked.errors);
    create.mutate(checked.request, {
      onSuccess: (board) => void navigate(boardPath(board.tag)),
      onError: (error) =>
        show(
          boardErrorsFromServer(error, {
            tag: values.tag,
            tagOwner: values.tag ? tagOwner(values.tag) : undefined,
            action: 'created',
          }),
        ),
    });
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title="New insightboard"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create board'}
          </Button>
        </>
      }
    >
      <form id={formId} noValidate onSubmit={submit} className="space-y-4">
        <TextField
          label="Name"
          value={values.name}
          onChange={change('name')}
          error={errors.name}
          inputRef={refFor('name')}
          autoComplete="off"
        />
        <TextField
          label={
            <>
              Tag <span className="font-normal text-gray-600 dark:text-gray-400">(optional)</span>
            </>
          }
          hint={`Its address, /insightboards/<tag>: ${TAG_HINT}. Left empty, one is made up.`}
          value={values.tag}
          onChange={change('tag')}
          error={errors.tag}
          inputRef={refFor('tag')}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
        />
        <TextField
          label={
            <>
              Labels{' '}
              <span className="font-normal text-gray-600 dark:text-gray-400">(optional)</span>
            </>
          }
          hint={<LabelsHint known={knownLabels} />}
          value={values.labels}
          onChange={change('labels')}
          error={errors.labels}
          inputRef={refFor('labels')}
          autoComplete="off"
        />
        <FormError message={errors.form} />
      </form>
    </Dialog>
  );
}
