import { css } from 'lit';

/**
 * Colours come from, in order: the page's `--tipchat-*` custom properties, the channel's own
 * theme (set on `.base` as `--_channel-*`, light theme only), then built-in defaults.
 * `transparent` only drops the frame's background: the tip panel and fields keep `--_bg`, so
 * they stay readable over a stream. Kept short (no comments inside): every byte ships in the
 * script tag.
 */
export const widgetStyles = css`
  :host {
    display: block;
    height: var(--tipchat-height, 28rem);
    font: var(--tipchat-font-size, 15px) / 1.4 var(--tipchat-font-family, system-ui, sans-serif);
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
    margin: 0;
    font: inherit;
    color: inherit;
  }
  .base {
    --_primary: var(--tipchat-primary, var(--_channel-primary, #6d28d9));
    --_bg: var(--tipchat-background, var(--_channel-background, #fff));
    --_text: var(--tipchat-text, var(--_channel-text, #111827));
    --_line: var(--tipchat-border-color, color-mix(in srgb, var(--_text) 20%, transparent));
    display: flex;
    flex-direction: column;
    height: 100%;
    border: 1px solid var(--_line);
    border-top: 4px solid var(--_primary);
    border-radius: var(--tipchat-radius, 8px);
    background: var(--_bg);
    color: var(--_text);
    overflow: hidden;
  }
  :host([theme='dark']) .base {
    --_bg: var(--tipchat-background, #111827);
    --_text: var(--tipchat-text, #f3f4f6);
  }
  :host([transparent]) .base {
    background: none;
  }
  header,
  form,
  .row,
  [part~='notice'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    padding: 8px 12px;
  }
  h2,
  h3 {
    flex: 1;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  [part~='avatar'] {
    width: 28px;
    height: 28px;
    border-radius: 50%;
    object-fit: cover;
  }
  [part~='status'] {
    padding: 0 8px;
    border-radius: 9px;
    background: var(--_line);
  }
  [data-state='live'] [part~='status'] {
    background: var(--tipchat-live, #dc2626);
    color: #fff;
  }
  .bad,
  .over,
  [part~='notice'],
  :is([data-state='not-found'], [data-state='unreachable'], [data-state='error']) [part~='status'] {
    color: var(--tipchat-danger, #dc2626);
  }
  .body {
    position: relative;
    flex: 1;
    display: flex;
    flex-direction: column;
    min-height: 0;
    border-block: 1px solid var(--_line);
  }
  ul,
  ol {
    padding: 4px 12px;
    list-style: none;
  }
  [part~='chat'] {
    flex: 1;
    overflow-y: auto;
  }
  li {
    padding: 2px 6px;
    overflow-wrap: anywhere;
  }
  [part~='tip'] {
    border-left: 4px solid var(--tier);
    background: color-mix(in srgb, var(--tier) 20%, transparent);
  }
  [part~='pins'] {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
  }
  [part~='pins'] > :not([part~='chip']) {
    flex-basis: 100%;
  }
  [part~='chip'] {
    border: 0;
    border-radius: 999px;
    padding: 2px 10px;
    background: var(--tier);
    /* Black reads on every default tier colour, from blue to yellow (contrast at least 4.4:1). */
    color: #000;
  }
  [part~='author'],
  [part~='amount'] {
    font-weight: 600;
  }
  :is(.streamer, .moderator) bdi {
    color: var(--_primary);
  }
  [part~='hint'] {
    display: flex;
    justify-content: space-between;
    width: 100%;
    font-size: 13px;
  }
  [part~='jump'] {
    position: absolute;
    bottom: 8px;
    left: 40%;
  }
  [part~='tip-form'] {
    position: absolute;
    inset: 0;
    overflow-y: auto;
    background: var(--_bg);
  }
  [part~='tip-form'] :is(form, p) {
    display: grid;
    padding: 4px 12px;
  }
  [part~='tip-form'] form {
    grid-template-columns: 1fr 1fr;
  }
  form > :not(.half),
  label > [part~='input'] {
    grid-column: 1/-1;
  }
  label {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 4px;
  }
  input,
  textarea,
  button {
    min-width: 0;
    padding: 6px 10px;
    border: 1px solid var(--_line);
    border-radius: 6px;
    background: var(--_bg);
  }
  [part~='composer'] input,
  ::slotted(*) {
    flex: 1;
  }
  :is([part~='send'], [part~='pay'], [part~='tip-button'], [aria-pressed='true']) {
    background: var(--_primary);
    color: #fff;
  }
  :disabled {
    opacity: 0.5;
  }
  :focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  .sr {
    position: absolute;
    clip-path: inset(50%);
  }
`;
