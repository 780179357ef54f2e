import initial from './0001-initial.ts';

/** Numbered migrations, applied in order; `PRAGMA user_version` records how many ran. */
export const migrations: readonly string[] = [initial];
