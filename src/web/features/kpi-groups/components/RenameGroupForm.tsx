import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { KpiGroup } from '../../../../contract/kpi-groups.ts';
import { Button } from '../../../components/ui/Button.tsx';
import { sizedInputClass } from '../../../components/ui/Field.tsx';
import { useRenameGroup } from '../api/mutations.ts';
import { groupNameError, validateGroupName } from '../groups-model.ts';

/**
 * The group's name as an input: Enter saves, Escape cancels and restores it. Problems show next
 * to the input and the typing stays.
 */
export function RenameGroupForm({
  group,
  groups,
  onDone,
  large = false,
}: {
  group: Pick<KpiGroup, 'id' | 'name'>;
  /** The account's groups, to catch a name that is taken. */
  groups: readonly Pick<KpiGroup, 'id' | 'name'>[];
  onDone: () => void;
  large?: boolean;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const [name, setName] = useState(group.name);
  const [error, setError] = useState<string | null>(null);
  const rename = useRenameGroup(group.id);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (rename.isPending) return;
    const problem = validateGroupName(name, groups, group.id);
    if (problem) return setError(problem);
    if (name.trim() === group.name) return onDone();
    rename.mutate(name, {
      onSuccess: onDone,
      onError: (failure) => setError(groupNameError(failure)),
    });
  };

  return (
    <form onSubmit={submit} className="min-w-0 flex-1" noValidate>
      <label htmlFor={id} className="sr-only">
        New name for {group.name}
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input
          id={id}
          autoFocus
          value={name}
          onFocus={(e) => e.currentTarget.select()}
          onChange={(e) => {
            setName(e.target.value);
            // Once a problem shows, it follows the typing.
            if (error) setError(validateGroupName(e.target.value, groups, group.id));
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              onDone();
            }
          }}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? errorId : undefined}
          autoComplete="off"
          className={`${sizedInputClass('w-full min-w-0 flex-1 sm:max-w-sm')} ${large ? 'text-lg font-semibold' : ''}`}
        />
        <div className="flex gap-2">
          <Button type="submit" size="sm" variant="primary" disabled={rename.isPending}>
            {rename.isPending ? 'Saving…' : 'Save'}
          </Button>
          <Button size="sm" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </div>
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </form>
  );
}

/** Editing state of an inline rename; focus goes back to the button that opened it. */
export function useInlineEdit() {
  const [editing, setEditing] = useState(false);
  const buttonId = useId();
  const refocus = useRef(false);
  useEffect(() => {
    if (editing || !refocus.current) return;
    refocus.current = false;
    document.getElementById(buttonId)?.focus();
  }, [editing, buttonId]);
  return {
    editing,
    /** The id of the button that starts editing. */
    buttonId,
    start: () => setEditing(true),
    stop: () => {
      refocus.current = true;
      setEditing(false);
    },
  };
}
