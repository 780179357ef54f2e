import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { Dashboard } from '../../../../../contract/dashboards.ts';
import { Button } from '../../../../components/ui/Button.tsx';
import { Dialog } from '../../../../components/ui/Dialog.tsx';
import { useCloneBoard } from '../../api/mutations.ts';
import { TAG_HINT, boardErrorsFromServer, checkTag } from './board-form.ts';
import { boardPath } from './board-groups.ts';
import { FormError } from './FormError.tsx';
import { TextField } from './TextField.tsx';
import { useFormErrors } from './use-form-errors.ts';

/** A copy of the board, items and labels included, under a new tag; on success the copy opens. */
export function CloneBoardDialog({
  board,
  suggestedTag,
  tagOwner,
  onClose,
}: {
  board: Dashboard;
  suggestedTag: string;
  tagOwner: (tag: string) => string | undefined;
  onClose: () => void;
}) {
  const [tag, setTag] = useState(suggestedTag);
  const { errors, show, clear, refFor } = useFormErrors(['tag'] as const);
  const clone = useCloneBoard();
  const navigate = useNavigate();
  const formId = useId();
  const input = useRef<HTMLInputElement | null>(null);

  // The suggestion is selected, so typing replaces it.
  useEffect(() => input.current?.select(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (clone.isPending) return;
    const tagError = checkTag(tag, { required: true });
    if (tagError) return show({ tag: tagError });
    clone.mutate(
      { board, tag },
      {
        onSuccess: (copy) => void navigate(boardPath(copy.tag)),
        onError: (error) =>
          show(boardErrorsFromServer(error, { tag, tagOwner: tagOwner(tag), action: 'cloned' })),
      },
    );
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={`Clone “${board.name}”`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" disabled={clone.isPending}>
            {clone.isPending ? 'Cloning…' : 'Clone board'}
          </Button>
        </>
      }
    >
      <form id={formId} noValidate onSubmit={submit} className="space-y-4">
        <p className="text-sm text-gray-700 dark:text-gray-300">
          The copy gets the board’s items, sections and labels, and opens when it is made.
        </p>
        <TextField
          label="Tag of the copy"
          hint={`Its address, /insightboards/<tag>: ${TAG_HINT}.`}
          value={tag}
          onChange={(value) => {
            setTag(value);
            clear('tag');
          }}
          error={errors.tag}
          inputRef={(element) => {
            input.current = element;
            refFor('tag')(element);
          }}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
        />
        <FormError message={errors.form} />
      </form>
    </Dialog>
  );
}
