/**
 * STUB — the moderation work replaces this with full folding (confusables, zero-width, spacing).
 * The key two display names collide on: same key, same name to a reader.
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}
