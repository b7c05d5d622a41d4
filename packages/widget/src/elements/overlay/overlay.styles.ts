import { css } from 'lit';

/**
 * What every overlay element shares: the theme as `--_*` variables (page `--tipchat-*` custom
 * properties first, then light or dark defaults), the card look, a screen-reader-only live
 * region, and no motion for people who asked for less.
 */
export const overlayStyles = css`
  :host {
    --_text: var(--tipchat-text, #111827);
    --_muted: var(--tipchat-muted, #4b5563);
    --_primary: var(--tipchat-primary, #6d28d9);
    --_card: var(--tipchat-background, #ffffff);
    --_radius: var(--tipchat-radius, 14px);

    display: block;
    box-sizing: border-box;
    color: var(--_text);
    font-family: var(--tipchat-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--tipchat-font-size, 20px);
    line-height: 1.35;
  }

  :host([theme='dark']) {
    --_text: var(--tipchat-text, #f9fafb);
    --_muted: var(--tipchat-muted, #d1d5db);
    --_primary: var(--tipchat-primary, #a78bfa);
    --_card: var(--tipchat-background, #111827);
  }

  /* On stream the scene shows through translucent cards. */
  :host(:not([transparent='false'])) {
    --_card: var(--tipchat-background, rgb(255 255 255 / 0.88));
  }

  :host(:not([transparent='false'])[theme='dark']) {
    --_card: var(--tipchat-background, rgb(17 24 39 / 0.8));
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  .card {
    padding: var(--tipchat-padding, 14px 18px);
    border-radius: var(--_radius);
    background: var(--_card);
  }

  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
`;
