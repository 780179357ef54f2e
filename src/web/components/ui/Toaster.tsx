import { dismissToast, useToasts } from '../../lib/toasts.ts';

export function Toaster() {
  const toasts = useToasts();
  return (
    <div
      aria-live="polite"
      className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4"
    >
      {toasts.map((toast) => (
        <div
          key={toast.id}
          role={toast.tone === 'error' ? 'alert' : 'status'}
          className={`pointer-events-auto flex max-w-md items-start gap-3 rounded-md px-4 py-3 text-sm shadow-lg ${
            toast.tone === 'error'
              ? 'bg-red-700 text-white'
              : 'bg-gray-900 text-white dark:bg-gray-100 dark:text-gray-900'
          }`}
        >
          <span className="flex-1">{toast.message}</span>
          <button
            type="button"
            className="font-semibold underline"
            onClick={() => dismissToast(toast.id)}
          >
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
