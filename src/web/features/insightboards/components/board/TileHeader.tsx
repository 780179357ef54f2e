/** A tile's title, with a short note (its period, its range) at the right. */
export function TileHeader({
  title,
  aside,
  present,
}: {
  title: string;
  aside?: string;
  present: boolean;
}) {
  return (
    <div className="flex min-w-0 items-baseline justify-between gap-2">
      <h3
        className={`truncate font-medium text-gray-700 dark:text-gray-300 ${present ? 'text-xl' : 'text-sm'}`}
        title={title}
      >
        {title}
      </h3>
      {aside && (
        <span
          className={`shrink-0 text-gray-600 dark:text-gray-400 ${present ? 'text-base' : 'text-xs'}`}
        >
          {aside}
        </span>
      )}
    </div>
  );
}
