/** `/api/v1/channels/<slug>` plus `rest`, with every path segment encoded. */
export function channelPath(slug: string, ...rest: string[]): string {
  return ['/api/v1/channels', slug, ...rest].map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join('/');
}
