import { css } from 'lit';

/**
 * The colour tokens (light by default, `theme="dark"` for dark), the dashboard's elements as
 * blocks, and the page-wide basics: box sizing, focus ring, headings, links, hidden text, skip link.
 */
export const baseStyles = css`
  :host {
    --tipchat-primary: #6d28d9;
    --tipchat-primary-text: #ffffff;
    --tipchat-background: #f3f4f6;
    --tipchat-surface: #ffffff;
    --tipchat-text: #111827;
    --tipchat-muted: #4b5563;
    --tipchat-border-color: #d1d5db;
    --tipchat-danger: #b91c1c;
    --tipchat-success: #047857;
    --tipchat-warn: #92400e;
    --tipchat-radius: 10px;
    --tipchat-font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Devanagari', sans-serif;
    --focus: 0 0 0 3px color-mix(in srgb, var(--tipchat-primary) 45%, transparent);
    display: block;
    min-height: 100vh;
    color: var(--tipchat-text);
    background: var(--tipchat-background);
    font: 15px/1.5 var(--tipchat-font-family);
  }
  :host([theme='dark']) {
    --tipchat-primary: #a78bfa;
    --tipchat-primary-text: #111827;
    --tipchat-background: #030712;
    --tipchat-surface: #111827;
    --tipchat-text: #f9fafb;
    --tipchat-muted: #9ca3af;
    --tipchat-border-color: #374151;
    --tipchat-danger: #f87171;
    --tipchat-success: #34d399;
    --tipchat-warn: #fbbf24;
  }
  /* Custom elements are inline by default; the dashboard's parts are blocks that fill their container. */
  tipchat-dash-login,
  tipchat-dash-register,
  tipchat-dash-verify,
  tipchat-dash-resend,
  tipchat-dash-forgot,
  tipchat-dash-reset,
  tipchat-dash-profile,
  tipchat-dash-setup,
  tipchat-dash-overview,
  tipchat-dash-stream,
  tipchat-dash-tips,
  tipchat-dash-chat,
  tipchat-dash-settings,
  tipchat-dash-embed,
  tipchat-dash-earnings,
  tipchat-dash-tip,
  tipchat-dash-tip-feed,
  tipchat-dash-alert-controls,
  tipchat-dash-chat-log,
  tipchat-dash-mod-bans,
  tipchat-dash-mod-moderators,
  tipchat-dash-mod-terms,
  tipchat-dash-mod-settings,
  tipchat-dash-mod-audit,
  tipchat-dash-settings-channel,
  tipchat-dash-settings-tiers,
  tipchat-dash-settings-goal,
  tipchat-dash-settings-alerts,
  tipchat-dash-copy,
  tipchat-dash-balances,
  tipchat-dash-earn-chart,
  tipchat-dash-earn-beneficiaries,
  tipchat-dash-earn-payouts,
  tipchat-dash-earn-stripe,
  tipchat-dash-earn-schedule {
    display: block;
    min-width: 0;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 3px solid var(--tipchat-primary);
    outline-offset: 2px;
  }
  h1 {
    font-size: 1.6rem;
    margin: 0 0 0.75rem;
  }
  h1:focus {
    outline: none;
  }
  h2 {
    font-size: 1.15rem;
    margin: 0 0 0.75rem;
  }
  h3 {
    font-size: 1rem;
    margin: 1.25rem 0 0.5rem;
  }
  a {
    color: var(--tipchat-primary);
  }
  p {
    margin: 0.4rem 0;
  }
  code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .skip {
    position: absolute;
    left: 0.5rem;
    top: -3rem;
    padding: 0.5rem 1rem;
    background: var(--tipchat-surface);
    border-radius: var(--tipchat-radius);
    z-index: 10;
  }
  .skip:focus {
    top: 0.5rem;
  }
`;
