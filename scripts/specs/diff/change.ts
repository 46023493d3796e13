// The vocabulary shared by the differ, the changesets and the update: what one change is and how
// severe it is for the consumer of a generated package.

/** Semver bumps, least severe first: the index orders them. */
export const BUMPS = ['patch', 'minor', 'major'] as const;
export type Bump = (typeof BUMPS)[number];

/** The most severe of `bumps`, or null when there is none. */
export function maxBump(...bumps: (Bump | null | undefined)[]): Bump | null {
  return bumps.reduce<Bump | null>((a, b) => (b && (a === null || BUMPS.indexOf(b) > BUMPS.indexOf(a)) ? b : a), null);
}

export type SubjectType = 'function' | 'event' | 'document';

/** One change between two versions of a document, worded for the changeset. */
export interface Change {
  /** The function or event it concerns (null for the document as a whole). */
  subject: string | null;
  subjectType: SubjectType;
  /** A stable machine name, e.g. "parameter-removed". */
  kind: string;
  bump: Bump;
  /** The full sentence shown in changesets: "`listSessions`: query parameter `type` ...". */
  text: string;
}

/** Reports one change of the subject it was made for. */
export type Emit = (kind: string, bump: Bump, text: string) => void;

/** The two documents being compared and where their changes go. */
export interface DiffContext {
  oldDoc: unknown;
  newDoc: unknown;
  emit: Emit;
}
