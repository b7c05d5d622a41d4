/** The elements an overlay page can show, in the order the all-in-one URL lists them. */
export const OVERLAY_ELEMENTS = ['alerts', 'goal', 'chat', 'leaderboard'] as const;
export type OverlayElement = (typeof OVERLAY_ELEMENTS)[number];

export interface OverlayUrlOptions {
  /** Which elements the page shows; all of them when left out. */
  show?: readonly OverlayElement[];
  theme?: 'light' | 'dark';
}

/**
 * The OBS browser-source URL for a channel's overlay page: `/overlay/:slug?key=…&show=…&theme=…`.
 * The key makes it a secret: anyone with the URL sees the channel's alerts and staff events.
 */
export function overlayUrl(server: string, slug: string, key: string, options: OverlayUrlOptions = {}): string {
  const show = options.show ?? OVERLAY_ELEMENTS;
  const query = new URLSearchParams({
    key,
    show: OVERLAY_ELEMENTS.filter((element) => show.includes(element)).join(','),
    theme: options.theme ?? 'dark',
  });
  return `${server.replace(/\/+$/, '')}/overlay/${encodeURIComponent(slug)}?${query}`;
}
