import { css } from 'lit';

/**
 * Colours come from, in order: the page's `--tipchat-*` custom properties, the channel's own
 * theme (set on `.base` as `--_channel-*`), then built-in defaults.
 */
export const widgetStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--tipchat-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  .base {
    --_primary: var(--tipchat-primary, var(--_channel-primary, #6d28d9));
    --_background: var(--tipchat-background, var(--_channel-background, #ffffff));
    --_text: var(--tipchat-text, var(--_channel-text, #111827));

    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
    padding: var(--tipchat-padding, 0.75rem 1rem);
    border: 1px solid var(--tipchat-border-color, color-mix(in srgb, var(--_text) 15%, transparent));
    border-top: 4px solid var(--_primary);
    border-radius: var(--tipchat-radius, 0.5rem);
    background: var(--_background);
    color: var(--_text);
  }

  .title {
    margin: 0;
    min-width: 0;
    font-size: var(--tipchat-title-size, 1.125rem);
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .status {
    flex: none;
    margin: 0;
    padding: 0.125rem 0.5rem;
    border-radius: 999px;
    font-size: 0.8125rem;
    font-weight: 600;
    background: color-mix(in srgb, var(--_text) 10%, transparent);
  }

  .base[data-state='live'] .status {
    background: var(--tipchat-live, #dc2626);
    color: #ffffff;
  }

  .base[data-state='not-found'] .status,
  .base[data-state='unreachable'] .status,
  .base[data-state='error'] .status {
    background: color-mix(in srgb, var(--tipchat-danger, #b91c1c) 15%, transparent);
    color: var(--tipchat-danger, #b91c1c);
  }

  .base[data-state='loading'] .title {
    opacity: 0.6;
  }
`;
