/** The commands a newcomer runs first; each finding names those that need it. */
export const COMMANDS = ['npm run test:unit', 'npm run test:e2e', 'npm test', 'npm run demo'] as const;
export type Command = (typeof COMMANDS)[number];
export const [UNIT, E2E, ALL, DEMO] = COMMANDS;

/** One prerequisite as found on this machine, and how to get it when it is missing. */
export interface Finding {
  prerequisite: string;
  /** missing: a command that needs it fails; warning: only an optional command does (npm run dev, docker compose). */
  status: 'ok' | 'missing' | 'warning' | 'not needed';
  /** What was found, or why it is not enough. */
  found: string;
  neededBy: readonly Command[];
  /** Why the commands need it, in a few words. */
  why: string;
  /** Debian/Ubuntu commands that install or set it up. */
  install?: readonly string[];
  /** The same with Docker, where Docker can stand in. */
  docker?: string;
}

/** The rows of a broker nobody asked for: still listed, so the report says why they were not checked. */
export function notNeeded(reason: string, ...prerequisites: string[]): Finding[] {
  return prerequisites.map((prerequisite) => ({
    prerequisite,
    status: 'not needed',
    found: reason,
    neededBy: [],
    why: '',
  }));
}
