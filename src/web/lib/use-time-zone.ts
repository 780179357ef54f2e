import { useSearchParams } from 'react-router';
import { parseTimeZone } from '../../contract/periods.ts';
import { usePreferences } from './preferences.ts';

/** The page's time zone: `?tz=` when the URL names a valid one, else the person's setting. */
export function useTimeZone(): string {
  const [params] = useSearchParams();
  const preferences = usePreferences();
  const fromUrl = params.get('tz');
  return fromUrl && parseTimeZone(fromUrl) ? fromUrl : preferences.timeZone;
}
