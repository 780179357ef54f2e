import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the parent of `bench/`). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
