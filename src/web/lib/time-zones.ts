import { formatOffset } from '../../contract/periods.ts';

/** The UTC offsets people pick from, whole and the common half and quarter hours. */
export const TIME_ZONE_CHOICES: string[] = (() => {
  const minutes = new Set<number>();
  for (let h = -12; h <= 14; h++) minutes.add(h * 60);
  for (const m of [-570, -210, 210, 270, 330, 345, 390, 525, 570, 630, 765]) minutes.add(m);
  return [...minutes].sort((a, b) => a - b).map(formatOffset);
})();
