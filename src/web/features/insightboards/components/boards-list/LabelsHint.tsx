import type { Label } from './board-form.ts';

const SHOWN = 6;

/** How to type labels, with the ones the account already uses (the board list groups by them). */
export function LabelsHint({ known }: { known: readonly Label[] }) {
  const titles = known.map((label) => label.title);
  const more = titles.length - SHOWN;
  return (
    <>
      Comma-separated words; boards are grouped by them.
      {titles.length > 0 &&
        ` In use: ${titles.slice(0, SHOWN).join(', ')}${more > 0 ? ` and ${more} more` : ''}.`}
    </>
  );
}
