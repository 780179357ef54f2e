import type { KpiGroup } from '../../../../contract/kpi-groups.ts';
import type { VirtualGroup } from '../../../../contract/kpis.ts';
import { focusRing } from '../../../components/ui/Button.tsx';
import { useGroupFavorite, useVirtualGroupFavorite } from '../api/favorites.ts';

/** A star that toggles: pressed when the group is a favorite of the current user. */
export function StarButton({
  name,
  favorite,
  onToggle,
}: {
  name: string;
  favorite: boolean;
  onToggle: () => void;
}) {
  const label = `${favorite ? 'Unstar' : 'Star'} ${name}`;
  return (
    <button
      type="button"
      aria-pressed={favorite}
      aria-label={label}
      title={label}
      onClick={onToggle}
      className={`inline-flex h-10 w-10 shrink-0 items-center justify-center rounded-md hover:bg-gray-100 dark:hover:bg-gray-800 ${focusRing} ${
        favorite
          ? 'text-amber-600 dark:text-amber-400'
          : 'text-gray-500 hover:text-gray-700 dark:text-gray-400 dark:hover:text-gray-200'
      }`}
    >
      <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5">
        <path
          d="M10 1.8l2.5 5.2 5.7.8-4.1 4 1 5.7L10 14.8l-5.1 2.7 1-5.7-4.1-4 5.7-.8z"
          fill={favorite ? 'currentColor' : 'none'}
          stroke="currentColor"
          strokeWidth="1.5"
          strokeLinejoin="round"
        />
      </svg>
    </button>
  );
}

export function GroupStar({ group }: { group: Pick<KpiGroup, 'id' | 'name' | 'favorite'> }) {
  const toggle = useGroupFavorite(group);
  return (
    <StarButton
      name={group.name}
      favorite={group.favorite}
      onToggle={() => toggle(group.favorite)}
    />
  );
}

export function VirtualGroupStar({
  virtualGroup,
  name,
  favorite,
}: {
  virtualGroup: VirtualGroup;
  name: string;
  favorite: boolean;
}) {
  const toggle = useVirtualGroupFavorite(virtualGroup, name);
  return <StarButton name={name} favorite={favorite} onToggle={() => toggle(favorite)} />;
}
