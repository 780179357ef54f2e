import { config } from 'zod';

// The page's policy forbids eval. zod probes for it while it builds object schemas, and the
// browser reports each probe as a policy violation; its plain parsers need no eval. This module
// is imported first by the entry, so it runs before any schema is built.
config({ jitless: true });
