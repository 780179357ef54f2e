import { Link } from 'react-router';
import { buttonClass } from '../../../../components/ui/Button.tsx';
import { formatCount, formatPageRange, pageRange } from '../../list-model.ts';

/** Page links (shareable, and they work with a middle click), with where this page is. */
export function Pagination({
  page,
  totalCount,
  hrefFor,
  onNavigate,
}: {
  page: number;
  totalCount: number;
  hrefFor: (page: number) => string;
  onNavigate?: () => void;
}) {
  const { pageCount } = pageRange(page, totalCount);
  const step = (target: number, label: string, icon: string, text?: string) => {
    const disabled = target < 1 || target > pageCount || target === page;
    const content = (
      <>
        <span aria-hidden="true">{icon}</span>
        {text && (
          <span aria-hidden="true" className="hidden sm:inline">
            {text}
          </span>
        )}
      </>
    );
    const classes = `${buttonClass('secondary', 'sm')} min-w-8 whitespace-nowrap`;
    if (disabled) {
      return (
        <span
          role="link"
          aria-disabled="true"
          aria-label={label}
          className={`${classes} cursor-not-allowed opacity-50`}
        >
          {content}
        </span>
      );
    }
    return (
      <Link to={hrefFor(target)} className={classes} onClick={onNavigate} aria-label={label}>
        {content}
      </Link>
    );
  };

  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-gray-700 tabular-nums dark:text-gray-300" aria-live="polite">
        {formatPageRange(page, totalCount)}
      </p>
      {pageCount > 1 && (
        <div className="flex items-center gap-1.5">
          {step(1, 'First page', '«')}
          {step(page - 1, 'Previous page', '‹', 'Previous')}
          <span className="px-1.5 whitespace-nowrap text-gray-700 tabular-nums dark:text-gray-300">
            Page {formatCount(page)} of {formatCount(pageCount)}
          </span>
          {step(page + 1, 'Next page', '›', 'Next')}
          {step(pageCount, 'Last page', '»')}
        </div>
      )}
    </nav>
  );
}
