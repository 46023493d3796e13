// Fault injection for the kill tests: ZOOM_SPECS_FAULT=<point> makes a specs command stop at that
// point, say so on stderr ("ZOOM_SPECS_FAULT <point> reached"), and wait forever, so a test can
// SIGKILL it at exactly that moment. Unset (always, outside tests), it does nothing.
//
// Points: after-journal, after-specs, after-manifest, after-changeset, during-regenerate (once the
// regeneration child has printed its first output), before-commit, after-commit (journal removed,
// temporary files not yet), pull-after-first-write.

export type FaultPoint =
  | 'after-journal'
  | 'after-specs'
  | 'after-manifest'
  | 'after-changeset'
  | 'during-regenerate'
  | 'before-commit'
  | 'after-commit'
  | 'pull-after-first-write';

export const FAULT_ENV = 'ZOOM_SPECS_FAULT';

/** True when this run was asked to stop at `point`. */
export const faultRequested = (point: FaultPoint, env: NodeJS.ProcessEnv = process.env): boolean =>
  env[FAULT_ENV] === point;

/** Announces that `point` was reached. */
export function announceFault(point: FaultPoint): void {
  process.stderr.write(`${FAULT_ENV} ${point} reached (pid ${process.pid})\n`);
}

/** At `point`, when asked: announce it and never return (the test kills the process). */
export function faultPoint(point: FaultPoint, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!faultRequested(point, env)) return Promise.resolve();
  announceFault(point);
  return new Promise(() => {
    setInterval(() => {}, 1 << 30);
  });
}
