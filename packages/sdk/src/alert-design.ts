/**
 * The alert designer's choices, without zod: the dashboard's designer lists them and the
 * protocol's alertDesignSchema validates against them.
 */

export const ALERT_LAYOUTS = ['above', 'left', 'behind'] as const;
export const ALERT_ANIMATIONS = ['zoom', 'fade', 'slide', 'none'] as const;
/** Font stacks every OBS machine has something for (no web fonts: the overlay's CSP loads none). */
export const ALERT_FONTS = ['system', 'rounded', 'serif', 'mono', 'impact'] as const;

/** The most variations a channel may set, besides the default. */
export const MAX_ALERT_VARIATIONS = 10;
