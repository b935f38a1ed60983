import { type Audience, buildTrackerList } from '@partnership-hub/domain';
import type { ViewStore } from '@partnership-hub/store';

const AUDIENCES: Audience[] = ['public', 'partners'];

/**
 * Stores an area's tracker lists (one per audience; partners-only requests only in the partners'
 * one) from its request records, so that the tracker page reads one item rather than every request.
 *
 * The protocol, the joint views': the area's revision is read first, then the requests, and each
 * list is stored at that revision unless one of the same or a later revision is there. Every
 * stored request has its area's revision moved on after it is stored (the projector folds once a
 * request is stored, and again on a duplicate delivery), so the requests read after revision R
 * include every request whose fold took a revision up to R: a list stored at R misses only
 * requests whose own fold, at a later revision, stores a later list. Replayed or reordered, the
 * list with the highest revision is built from every request, newest versions (the records are
 * version-gated), whatever order they came in.
 */
export async function storeTrackerLists(views: ViewStore, areaId: string): Promise<void> {
  const revision = await views.latestJointRevision(areaId);
  const records = await views.list(areaId, { subjectType: 'request' });
  await Promise.all(
    AUDIENCES.map((audience) => views.putTrackerList(areaId, audience, revision, JSON.stringify(buildTrackerList(records, audience)))),
  );
}
