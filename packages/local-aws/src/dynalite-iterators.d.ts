/** A database class of abstract-level's, as far as the test of the iterators' closing needs it. */
export interface IteratorStore {
  prototype: Record<'iterator' | 'keys' | 'values', (...args: unknown[]) => { next(): Promise<unknown> }>;
}
export function dynaliteStores(): IteratorStore[];
export function closeFinishedIterators(): void;
