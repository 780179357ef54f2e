import { Skeleton } from '../../../../components/ui/States.tsx';

/** The form's outline while what it needs loads. */
export function KpiFormSkeleton() {
  return (
    <div className="space-y-6" aria-busy="true">
      <span className="sr-only" role="status">
        Loading…
      </span>
      {[2, 1, 1, 1].map((rows, i) => (
        <div
          key={i}
          className="space-y-4 rounded-lg border border-gray-200 bg-white p-4 sm:p-6 dark:border-gray-800 dark:bg-gray-900"
        >
          <Skeleton className="h-5 w-32" />
          {Array.from({ length: rows }, (_, r) => (
            <div key={r} className="space-y-2">
              <Skeleton className="h-4 w-24" />
              <Skeleton className={r === 1 ? 'h-36 w-full' : 'h-9 w-full'} />
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
