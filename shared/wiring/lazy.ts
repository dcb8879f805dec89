/** A value built on first use and kept for the container's life, so loading a module stays cheap. */
export function lazy<T>(build: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: build() }).v;
}
