import type { HeaderBlock } from '../../layout.ts';

/** A title across the board, with its subheader. */
export function SectionHeaderView({ block, present }: { block: HeaderBlock; present: boolean }) {
  return (
    <div className="flex h-full min-w-0 flex-col justify-end border-b border-gray-200 pb-2 dark:border-gray-800">
      <h2
        className={`truncate font-semibold ${present ? 'text-3xl' : 'text-lg'}`}
        title={block.header}
      >
        {block.header}
      </h2>
      {block.subHeader && (
        <p
          className={`line-clamp-2 text-gray-600 dark:text-gray-400 ${present ? 'text-lg' : 'text-sm'}`}
        >
          {block.subHeader}
        </p>
      )}
    </div>
  );
}
