import { type CommandContext, type Decision, VersionConflictError } from '@partnership-hub/domain';
import type { Actor } from '@partnership-hub/events';
import pMap from 'p-map';
import { decideAndCommit } from './commit.ts';
import type { ApiDeps } from './deps.ts';

/** Appends in flight at once: quick, and gentle on the table. */
const WRITE_CONCURRENCY = 8;

/** One row of an import, decided on the heads read for the whole file. */
export interface DecidedRow<D extends Decision> {
  decision: D;
  /** Decides the row again on its subject's current head (read afresh), for a row whose append lost a race. */
  decideAgain: (context: CommandContext) => Promise<D>;
}

/**
 * Commits an import's decisions: the rows that change something are appended, each with the same
 * conditional write as a PUT (the version decided must still be free), WRITE_CONCURRENCY at a
 * time. A row whose append loses a race (someone changed that subject since the heads were read)
 * is decided again on its current head through decideAndCommit, exactly as a PUT without
 * If-Match would be, so its answer is the outcome that was really recorded.
 *
 * As for a PUT, the import only appends: the log relay delivers the appended events to the bus.
 */
export async function commitImportRows<D extends Decision>(deps: ApiDeps, actor: Actor, rows: readonly DecidedRow<D>[]): Promise<D[]> {
  const outcomes = await pMap(
    rows,
    async ({ decision, decideAgain }) => {
      if (!('event' in decision)) return decision;
      try {
        await deps.eventLog.append(decision.event);
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        return decideAndCommit(deps, actor, { kind: 'none' }, decideAgain);
      }
      return decision;
    },
    { concurrency: WRITE_CONCURRENCY },
  );
  return outcomes;
}
