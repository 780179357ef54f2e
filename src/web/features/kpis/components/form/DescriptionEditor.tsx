import { useId, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { focusRing } from '../../../../components/ui/Button.tsx';
import { inputClass, type FieldControlProps } from '../../../../components/ui/Field.tsx';
import { Markdown, type MentionUser } from '../../../../lib/markdown.tsx';

type Tab = 'write' | 'preview';
const TABS: { id: Tab; label: string }[] = [
  { id: 'write', label: 'Write' },
  { id: 'preview', label: 'Preview' },
];

/** A markdown textarea with a Write/Preview tab pair (arrow keys move between the tabs). */
export function DescriptionEditor({
  value,
  onChange,
  users,
  control,
  textareaRef,
}: {
  value: string;
  onChange: (value: string) => void;
  users: readonly MentionUser[];
  control: FieldControlProps;
  textareaRef?: Ref<HTMLTextAreaElement>;
}) {
  const [tab, setTab] = useState<Tab>('write');
  const base = useId();
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ write: null, preview: null });

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const keys: Record<string, Tab | undefined> = {
      ArrowRight: tab === 'write' ? 'preview' : 'write',
      ArrowLeft: tab === 'write' ? 'preview' : 'write',
      Home: 'write',
      End: 'preview',
    };
    const next = keys[event.key];
    if (!next) return;
    event.preventDefault();
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <div>
      <div
        role="tablist"
        aria-label="Description editor"
        className="mb-2 flex gap-1 border-b border-gray-200 dark:border-gray-700"
      >
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-${t.id}-tab`}
            aria-selected={tab === t.id}
            aria-controls={`${base}-${t.id}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={onKeyDown}
            className={`-mb-px border-b-2 px-3 py-1.5 text-sm font-medium ${focusRing} ${
              tab === t.id
                ? 'border-blue-600 text-blue-700 dark:border-blue-400 dark:text-blue-300'
                : 'border-transparent text-gray-600 hover:text-gray-900 dark:text-gray-400 dark:hover:text-gray-100'
            }`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${base}-write-panel`}
        aria-labelledby={`${base}-write-tab`}
        hidden={tab !== 'write'}
      >
        <textarea
          {...control}
          ref={textareaRef}
          rows={6}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          className={`${inputClass} font-mono`}
        />
      </div>
      <div
        role="tabpanel"
        id={`${base}-preview-panel`}
        aria-labelledby={`${base}-preview-tab`}
        hidden={tab !== 'preview'}
        tabIndex={0}
        className={`min-h-36 rounded-md border border-gray-200 bg-gray-50 p-3 text-gray-900 dark:border-gray-700 dark:bg-gray-950 dark:text-gray-100 ${focusRing}`}
      >
        {tab === 'preview' &&
          (value.trim() === '' ? (
            <p className="text-sm text-gray-600 dark:text-gray-400">Nothing to preview yet.</p>
          ) : (
            <Markdown source={value} users={users} />
          ))}
      </div>
    </div>
  );
}
