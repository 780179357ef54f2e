import type { ButtonHTMLAttributes } from 'react';
import { focusRing } from '../../../components/ui/Button.tsx';

const ICONS = {
  pencil: 'M13.6 3.1a1.5 1.5 0 0 1 2.1 0l1.2 1.2a1.5 1.5 0 0 1 0 2.1L7.5 15.8 3.5 16.5l.7-4z',
  trash: 'M4 6h12M8 6V4h4v2M6 6l.8 10h6.4L14 6M8.5 9v4.5M11.5 9v4.5',
} as const;

/** A square button with an icon; `label` is its accessible name and its tooltip. */
export function IconButton({
  icon,
  label,
  className = '',
  ...props
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children' | 'aria-label'> & {
  icon: keyof typeof ICONS;
  label: string;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      className={`inline-flex h-10 w-10 shrink-0 items-center justify-center rounded-md text-gray-600 hover:bg-gray-100 hover:text-gray-900 disabled:opacity-50 dark:text-gray-400 dark:hover:bg-gray-800 dark:hover:text-gray-100 ${focusRing} ${className}`}
      {...props}
    >
      <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5">
        <path
          d={ICONS[icon]}
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    </button>
  );
}
