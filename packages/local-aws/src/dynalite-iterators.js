// Plain JavaScript for the same reason as dynalite-thread.js, which loads it: the worker thread runs
// without the TypeScript loader. Its types are in dynalite-iterators.d.ts.
import { createRequire } from 'node:module';

const patched = Symbol('closes finished iterators');

/** The database classes dynalite opens (level on disk, memory-level in memory), resolved from dynalite itself so they are the very ones it uses. */
export function dynaliteStores() {
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  return [fromDynalite('level').Level, fromDynalite('memory-level').MemoryLevel];
}

/**
 * dynalite 4.0.0 reads every Query and Scan through a stream over an abstract-level iterator, and
 * when the stream is done it frees the iterator with `iterator.return()`, which abstract-level 3's
 * iterators do not have: theirs is `close()`, which "must always be called", even at the natural
 * end. So every read left its iterator open, holding a LevelDB snapshot and attached to the
 * database until it closed: the local run's memory grew by about 130 KB a write (6,000 writes:
 * 1.9 GB resident, 0.5 GB with this), and its LevelDB folder by more, as files pinned by snapshots
 * are never compacted away. So the stores it opens give their iterators the `return()` it calls,
 * until a release of dynalite closes them itself (dynalite-iterators.test.ts then fails, to say
 * that this can go). Idempotent.
 */
export function closeFinishedIterators() {
  for (const Store of dynaliteStores()) {
    if (Store.prototype[patched]) continue;
    Store.prototype[patched] = true;
    for (const method of ['iterator', 'keys', 'values']) {
      const open = Store.prototype[method];
      Store.prototype[method] = function (...args) {
        const iterator = open.apply(this, args);
        iterator.return ??= () => iterator.close();
        return iterator;
      };
    }
  }
}
