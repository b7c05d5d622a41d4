import { html, nothing, type TemplateResult } from 'lit';
import { type AlertDesign, type AlertVariation, builtinSoundPath, mediaPath, type PublicTip } from '../overlay/client';

/** The variation a tip plays: the one whose range holds its amount, else the default; none without a design (the classic card). */
export function variationFor(design: AlertDesign | undefined, tip: PublicTip): { variation: AlertVariation; index: number } | undefined {
  if (!design) return undefined;
  const index = design.variations.findIndex((v) => tip.amount >= v.minAmount && (v.maxAmount === null || tip.amount < v.maxAmount));
  return { variation: design.variations[index] ?? design.default, index };
}

const base = (server: string) => server.trim().replace(/\/+$/, '');

/** The URL of the variation's sound, if it has one. */
export function soundUrl(server: string, variation: AlertVariation | undefined): string | undefined {
  const sound = variation?.sound;
  if (!sound) return undefined;
  return base(server) + ('builtin' in sound ? builtinSoundPath(sound.builtin) : mediaPath(sound));
}

/** The image, GIF or video; a video loops for the alert's length at the variation's volume. */
export function mediaOf(server: string, variation: AlertVariation): TemplateResult | typeof nothing {
  const { media } = variation;
  if (!media) return nothing;
  const src = base(server) + mediaPath(media);
  return html`<div part="media" class="media">${
    media.type.startsWith('video/')
      ? html`<video src=${src} autoplay loop playsinline .volume=${variation.volume / 100}></video>`
      : html`<img src=${src} alt="" />`
  }</div>`;
}

/**
 * A streamer's template with the tip in it: `{name}`, `{amount}` and `{message}` become the given
 * parts and `**text**` bold. Every piece is a Lit text binding, so whatever the template or the
 * tip contains shows as typed, never as markup. An unpaired `**` stays as typed.
 */
export function fillTemplate(template: string, parts: Readonly<Record<string, unknown>>): unknown[] {
  const chunks = template.split('**');
  return chunks.map((chunk, i) => {
    const pieces = chunk.split(/\{(name|amount|message)\}/).map((piece, j) => (j % 2 ? parts[piece] : piece));
    if (!(i % 2)) return pieces;
    return chunks.length % 2 || i < chunks.length - 1 ? html`<strong>${pieces}</strong>` : ['**', pieces];
  });
}
