import { useState, type FormEvent, type Ref } from 'react';
import { Link } from 'react-router';
import type { KpiGroup } from '../../../../contract/kpi-groups.ts';
import { Button, focusRing } from '../../../components/ui/Button.tsx';
import { Field, inputClass } from '../../../components/ui/Field.tsx';
import { useCreateGroup } from '../api/mutations.ts';
import { groupNameError, validateGroupName } from '../groups-model.ts';

export function CreateGroupForm({
  groups,
  inputRef,
}: {
  groups: readonly Pick<KpiGroup, 'id' | 'name'>[];
  inputRef?: Ref<HTMLInputElement>;
}) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<KpiGroup | null>(null);
  const create = useCreateGroup();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const problem = validateGroupName(name, groups);
    setCreated(null);
    if (problem) return setError(problem);
    create.mutate(name, {
      onSuccess: (group) => {
        setName('');
        setError(null);
        setCreated(group);
      },
      onError: (failure) => setError(groupNameError(failure)),
    });
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-2">
      <div className="flex flex-wrap items-start gap-2">
        <Field
          label="New group"
          error={error}
          className="w-full min-w-0 sm:w-auto sm:max-w-md sm:flex-1"
        >
          {(control) => (
            <input
              {...control}
              ref={inputRef}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                if (error) setError(validateGroupName(e.target.value, groups));
              }}
              placeholder="e.g. Sales, Hiring, Q3 launch"
              autoComplete="off"
              className={inputClass}
            />
          )}
        </Field>
        {/* Aligned with the input, below the label. */}
        <Button type="submit" variant="primary" className="sm:mt-6" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create group'}
        </Button>
      </div>
      <p role="status" className="text-sm text-gray-700 dark:text-gray-300">
        {created && groups.some((g) => g.id === created.id) && (
          <>
            Created{' '}
            <Link
              to={`/groups/${created.id}`}
              className={`rounded font-medium text-blue-700 underline dark:text-blue-300 ${focusRing}`}
            >
              {created.name}
            </Link>
            . Open it to add KPIs.
          </>
        )}
      </p>
    </form>
  );
}
