/**
 * How hard the reliability suites push. `npm test` runs the short profile; `npm run
 * test:reliability` runs the full one (RELIABILITY_PROFILE=full).
 */
export type ProfileName = 'short' | 'full';

export interface Profile {
  name: ProfileName;
  /** Generated invalid requests per endpoint. */
  invalidRequestsPerEndpoint: number;
  /** Generated valid requests per endpoint. */
  validRequestsPerEndpoint: number;
  /** Command sequences the model-based test runs. */
  modelRuns: number;
  /** The longest command sequence of a model run. */
  modelMaxCommands: number;
  /** Times the server is killed with SIGKILL while clients write. */
  crashRounds: number;
  /** Seconds of mixed load, and its connections. */
  loadSeconds: number;
  loadConnections: number;
  /** Rounds of each race the concurrency suite runs (bursts, concurrent edits, edits against deletes). */
  concurrencyRounds: number;
}

const PROFILES: Record<ProfileName, Profile> = {
  short: {
    name: 'short',
    invalidRequestsPerEndpoint: 100,
    validRequestsPerEndpoint: 20,
    modelRuns: 25,
    modelMaxCommands: 100,
    crashRounds: 3,
    loadSeconds: 5,
    loadConnections: 50,
    concurrencyRounds: 6,
  },
  full: {
    name: 'full',
    invalidRequestsPerEndpoint: 1_000,
    validRequestsPerEndpoint: 100,
    modelRuns: 200,
    modelMaxCommands: 200,
    crashRounds: 20,
    loadSeconds: 30,
    loadConnections: 50,
    concurrencyRounds: 100,
  },
};

function readProfile(): Profile {
  const name = process.env.RELIABILITY_PROFILE ?? 'short';
  if (name !== 'short' && name !== 'full') {
    throw new Error(`RELIABILITY_PROFILE must be "short" or "full", not "${name}"`);
  }
  return PROFILES[name];
}

export const profile: Profile = readProfile();
