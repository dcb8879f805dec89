/**
 * A value built on first use and kept for the container's life. Wiring modules export their port
 * sets through it, so importing a handler module touches no config and opens no client.
 */
export function lazy<T>(build: () => T): () => T {
  let held: { value: T } | undefined;
  return () => (held ??= { value: build() }).value;
}
