/**
 * A value built on first use and kept: `once(() => z.object({...}))` is called where the schema is
 * needed, and builds it the first time only. The log's schemas (each event type's data, the
 * recorded states, the envelope) are built this way, because every handler imports the whole
 * catalogue while a request or delivery reads a few types, and building them all with zod was a
 * large part of each handler's cold start. Written here rather than taken from a library: it is
 * three lines, and a memoising package would add a dependency to every bundle for them.
 */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
