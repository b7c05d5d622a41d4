import { css } from 'lit';

/**
 * The whole dashboard's stylesheet, adopted by the shell's shadow root; every view renders into
 * light DOM inside it. Colours come from `--tipchat-*` custom properties (light by default,
 * `theme="dark"` for dark). Phone widths get one column and a scrolling tab bar for navigation.
 */
export const dashboardStyles = css`
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

  /* ── Layout ─────────────────────────────────────────────────────────── */
  .shell {
    min-height: 100vh;
    display: grid;
    grid-template-rows: auto 1fr;
    grid-template-columns: minmax(0, 1fr);
    grid-template-areas: 'top' 'main';
  }
  .shell.in-app {
    grid-template-columns: 13rem minmax(0, 1fr);
    grid-template-areas: 'top top' 'nav main';
  }
  .topbar {
    grid-area: top;
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    padding: 0.6rem 1.25rem;
    background: var(--tipchat-surface);
    border-bottom: 1px solid var(--tipchat-border-color);
  }
  .brand {
    font-weight: 800;
    font-size: 1.2rem;
    text-decoration: none;
    color: var(--tipchat-primary);
  }
  .channel-name {
    font-weight: 600;
  }
  .spacer {
    flex: 1;
  }
  .user {
    color: var(--tipchat-muted);
  }
  .language select {
    padding: 0.25rem 0.4rem;
  }
  .connection {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    font-size: 0.8rem;
    color: var(--tipchat-muted);
  }
  .connection .dot {
    width: 0.55rem;
    height: 0.55rem;
    border-radius: 50%;
    background: var(--tipchat-muted);
  }
  .connection[data-state='connected'] .dot {
    background: var(--tipchat-success);
  }
  .connection[data-state='reconnecting'] .dot,
  .connection[data-state='connecting'] .dot {
    background: var(--tipchat-warn);
  }
  .sidenav {
    grid-area: nav;
    border-right: 1px solid var(--tipchat-border-color);
    background: var(--tipchat-surface);
    padding: 1rem 0.5rem;
  }
  .sidenav ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.15rem;
  }
  .sidenav a {
    display: block;
    padding: 0.5rem 0.75rem;
    border-radius: var(--tipchat-radius);
    color: var(--tipchat-text);
    text-decoration: none;
    white-space: nowrap;
  }
  .sidenav a:hover {
    background: color-mix(in srgb, var(--tipchat-primary) 10%, transparent);
  }
  .sidenav a[aria-current='page'] {
    background: var(--tipchat-primary);
    color: var(--tipchat-primary-text);
    font-weight: 600;
  }
  main {
    grid-area: main;
    padding: 1.5rem;
    min-width: 0;
  }
  main:focus {
    outline: none;
  }
  .page {
    max-width: 72rem;
  }
  .page-head {
    display: flex;
    align-items: baseline;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    margin-bottom: 0.75rem;
  }
  .page-head h1 {
    margin: 0;
  }
  .narrow {
    max-width: 28rem;
    margin: 2rem auto;
  }
  .grid.two {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 1rem;
    align-items: start;
  }
  .grid .wide {
    grid-column: 1 / -1;
  }
  .stack {
    display: grid;
    gap: 1rem;
  }
  .split {
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
    gap: 1rem;
    align-items: start;
  }
  .card {
    background: var(--tipchat-surface);
    border: 1px solid var(--tipchat-border-color);
    border-radius: var(--tipchat-radius);
    padding: 1.25rem;
    min-width: 0;
  }
  .card-head {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: 1rem;
  }
  @media (max-width: 760px) {
    .shell.in-app {
      grid-template-columns: minmax(0, 1fr);
      grid-template-areas: 'top' 'nav' 'main';
    }
    .sidenav {
      border-right: 0;
      border-bottom: 1px solid var(--tipchat-border-color);
      padding: 0.4rem;
      overflow-x: auto;
    }
    .sidenav ul {
      flex-direction: row;
    }
    .topbar {
      padding: 0.5rem 0.75rem;
    }
    .user,
    .connection .label {
      display: none;
    }
    main {
      padding: 1rem 0.75rem;
    }
    .grid.two,
    .split {
      grid-template-columns: minmax(0, 1fr);
    }
    .card {
      padding: 1rem;
    }
    .narrow {
      margin: 1rem auto;
    }
  }

  /* ── Forms and buttons ──────────────────────────────────────────────── */
  form {
    margin: 0;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    margin: 0 0 0.85rem;
    min-width: 0;
  }
  .field.grow,
  .grow {
    flex: 1;
  }
  .field > select {
    align-self: flex-start;
    min-width: 8rem;
    max-width: 100%;
  }
  .row > .field {
    flex: 1 1 9rem;
  }
  fieldset .check {
    display: inline-flex;
    margin-right: 1.25rem;
  }
  label {
    font-weight: 600;
    font-size: 0.9rem;
  }
  small {
    color: var(--tipchat-muted);
    font-size: 0.8rem;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--tipchat-surface);
    border: 1px solid var(--tipchat-border-color);
    border-radius: 8px;
    padding: 0.5rem 0.6rem;
    min-width: 0;
    max-width: 100%;
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--tipchat-primary);
    outline-offset: 0;
    box-shadow: var(--focus);
  }
  input[aria-invalid='true'] {
    border-color: var(--tipchat-danger);
  }
  input[type='color'] {
    padding: 0.1rem;
    width: 3rem;
    height: 2.2rem;
  }
  textarea {
    width: 100%;
    resize: vertical;
  }
  fieldset {
    border: 1px solid var(--tipchat-border-color);
    border-radius: var(--tipchat-radius);
    padding: 0.5rem 0.85rem 0.75rem;
    margin: 0 0 0.85rem;
  }
  legend {
    font-weight: 600;
    font-size: 0.9rem;
    padding: 0 0.3rem;
  }
  .check {
    display: flex;
    align-items: center;
    gap: 0.45rem;
    font-weight: 500;
    margin: 0.35rem 0;
  }
  .check input {
    width: 1.1rem;
    height: 1.1rem;
  }
  .color {
    display: inline-flex;
    align-items: center;
    gap: 0.45rem;
    font-weight: 500;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0 1rem;
    align-items: flex-start;
  }
  .inline-form {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 0 0.75rem;
    margin-top: 1rem;
  }
  .inline-form > .btn {
    margin-bottom: 0.85rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin-top: 0.5rem;
  }
  .actions.center {
    justify-content: center;
    margin: 1rem 0;
  }
  .btn {
    font: inherit;
    font-weight: 600;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.35rem;
    min-height: 2.5rem;
    padding: 0.45rem 1rem;
    border-radius: 8px;
    border: 1px solid var(--tipchat-border-color);
    background: var(--tipchat-surface);
    color: var(--tipchat-text);
    cursor: pointer;
    text-decoration: none;
  }
  .btn:hover:not(:disabled) {
    border-color: var(--tipchat-primary);
  }
  .btn:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .btn.primary {
    background: var(--tipchat-primary);
    border-color: var(--tipchat-primary);
    color: var(--tipchat-primary-text);
  }
  .btn.danger {
    background: var(--tipchat-danger);
    border-color: var(--tipchat-danger);
    color: #fff;
  }
  .btn.danger-outline {
    color: var(--tipchat-danger);
    border-color: color-mix(in srgb, var(--tipchat-danger) 55%, transparent);
  }
  .btn.small {
    min-height: 2rem;
    padding: 0.2rem 0.7rem;
    font-size: 0.85rem;
  }
  .btn.tiny {
    min-height: 1.75rem;
    padding: 0.1rem 0.5rem;
    font-size: 0.78rem;
  }
  .btn[aria-pressed='true'] {
    background: color-mix(in srgb, var(--tipchat-primary) 14%, var(--tipchat-surface));
  }
  .links {
    list-style: none;
    padding: 0;
    margin: 1rem 0 0;
    display: grid;
    gap: 0.35rem;
  }

  /* ── Feedback ───────────────────────────────────────────────────────── */
  .muted {
    color: var(--tipchat-muted);
  }
  .error {
    border: 1px solid var(--tipchat-danger);
    background: color-mix(in srgb, var(--tipchat-danger) 8%, var(--tipchat-surface));
    color: var(--tipchat-danger);
    border-radius: 8px;
    padding: 0.5rem 0.75rem;
    margin: 0.5rem 0;
  }
  .error ul {
    margin: 0.25rem 0 0;
    padding-left: 1.2rem;
  }
  .error-text {
    color: var(--tipchat-danger);
  }
  .success {
    color: var(--tipchat-success);
    font-weight: 600;
  }
  .notice {
    border-left: 4px solid var(--tipchat-warn);
    background: color-mix(in srgb, var(--tipchat-warn) 10%, var(--tipchat-surface));
    padding: 0.5rem 0.75rem;
    border-radius: 6px;
    margin: 0.5rem 0 1rem;
  }
  .saved {
    color: var(--tipchat-success);
    font-weight: 600;
    font-size: 0.9rem;
  }
  .state {
    color: var(--tipchat-muted);
    padding: 0.75rem 0;
  }
  .state.empty {
    font-style: italic;
  }
  .spinner {
    display: inline-block;
    width: 0.9rem;
    height: 0.9rem;
    margin-right: 0.5rem;
    vertical-align: -2px;
    border: 2px solid var(--tipchat-border-color);
    border-top-color: var(--tipchat-primary);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  .badge {
    display: inline-block;
    padding: 0.05rem 0.5rem;
    border-radius: 999px;
    font-size: 0.75rem;
    font-weight: 600;
    border: 1px solid var(--tipchat-border-color);
    color: var(--tipchat-muted);
    white-space: nowrap;
  }
  .badge.live {
    background: #dc2626;
    border-color: #dc2626;
    color: #fff;
  }
  .badge.ok {
    color: var(--tipchat-success);
    border-color: currentColor;
  }
  .badge.warn {
    color: var(--tipchat-warn);
    border-color: currentColor;
  }
  .badge.danger {
    color: var(--tipchat-danger);
    border-color: currentColor;
  }
  .badge.unread {
    background: var(--tipchat-primary);
    border-color: var(--tipchat-primary);
    color: var(--tipchat-primary-text);
  }
  .badge.star {
    color: #b45309;
    border-color: #f59e0b;
  }
  .badge.status[data-status='refunded'],
  .badge.status[data-status='dispute_lost'],
  .badge.status[data-status='failed'] {
    color: var(--tipchat-danger);
    border-color: currentColor;
  }
  .dialog {
    border: 1px solid var(--tipchat-border-color);
    border-radius: var(--tipchat-radius);
    background: var(--tipchat-surface);
    color: var(--tipchat-text);
    padding: 1.25rem;
    width: min(30rem, calc(100vw - 2rem));
  }
  .dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  .danger-zone {
    border-color: color-mix(in srgb, var(--tipchat-danger) 45%, transparent);
  }
  dl.facts {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.3rem 1rem;
    margin: 0 0 1rem;
  }
  dl.facts dt {
    color: var(--tipchat-muted);
  }
  dl.facts dd {
    margin: 0;
    overflow-wrap: anywhere;
  }

  /* ── Lists ──────────────────────────────────────────────────────────── */
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .list > li {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: flex-start;
    gap: 0.5rem;
    padding: 0.6rem 0;
    border-bottom: 1px solid var(--tipchat-border-color);
  }
  .list > li > div:first-child {
    min-width: 0;
    flex: 1;
    overflow-wrap: anywhere;
  }
  .list > li > .error {
    flex-basis: 100%;
  }
  .row-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
  }
  dl.details {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 0.75rem;
    font-size: 0.85rem;
    margin: 0.25rem 0 0;
  }
  dl.details dt {
    color: var(--tipchat-muted);
  }
  dl.details dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .table-scroll {
    overflow-x: auto;
    /* The containing block of visually hidden (absolute) text inside, so the scroll box clips it too. */
    position: relative;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 0.35rem 0.5rem;
    border-bottom: 1px solid var(--tipchat-border-color);
  }
  table.tiers input {
    width: 6.5rem;
  }
  .swatch {
    display: inline-block;
    width: 0.9rem;
    height: 0.9rem;
    border-radius: 3px;
    background: var(--tier, var(--tipchat-primary));
    vertical-align: middle;
  }

  /* ── Tips ───────────────────────────────────────────────────────────── */
  details.filters {
    margin-bottom: 1rem;
  }
  details.filters > summary {
    cursor: pointer;
    font-weight: 600;
  }
  details.filters[open] > summary {
    margin-bottom: 0.75rem;
  }
  .filter-grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
    gap: 0 1rem;
  }
  .statuses {
    display: flex;
    flex-wrap: wrap;
    gap: 0 1rem;
  }
  .statuses small {
    flex-basis: 100%;
  }
  .totals {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35rem 1rem;
    padding: 0.6rem 0.85rem;
    margin-bottom: 0.75rem;
    background: var(--tipchat-surface);
    border: 1px solid var(--tipchat-border-color);
    border-radius: var(--tipchat-radius);
  }
  ol.tips {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .tip {
    background: var(--tipchat-surface);
    border: 1px solid var(--tipchat-border-color);
    border-left: 4px solid var(--tipchat-border-color);
    border-radius: var(--tipchat-radius);
    padding: 0.7rem 0.9rem;
    overflow-wrap: anywhere;
  }
  .tip.unread {
    border-left-color: var(--tipchat-primary);
  }
  .tip.is-hidden {
    opacity: 0.65;
  }
  .tip.fresh {
    animation: arrive 1.2s ease-out;
  }
  @keyframes arrive {
    from {
      background: color-mix(in srgb, var(--tipchat-primary) 22%, var(--tipchat-surface));
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .tip.fresh,
    .spinner {
      animation: none;
    }
  }
  .tip-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35rem 0.6rem;
  }
  .tip-head time {
    margin-left: auto;
    color: var(--tipchat-muted);
    font-size: 0.85rem;
  }
  .amount {
    display: inline-block;
    padding: 0.05rem 0.55rem;
    border-radius: 6px;
    font-weight: 700;
    background: var(--tier, var(--tipchat-primary));
    color: #fff;
    text-shadow: 0 1px 1px rgb(0 0 0 / 0.35);
  }
  .tip-message {
    margin: 0.45rem 0 0.25rem;
    white-space: pre-wrap;
  }
  .tip-money {
    font-size: 0.85rem;
    color: var(--tipchat-muted);
  }
  .tip-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
    margin-top: 0.45rem;
  }
  .alert-controls {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }

  /* ── Chat ───────────────────────────────────────────────────────────── */
  .chat-card {
    display: flex;
    flex-direction: column;
  }
  .pinned {
    border: 1px solid var(--tipchat-border-color);
    border-radius: 8px;
    padding: 0.45rem 0.6rem;
    margin-bottom: 0.5rem;
    background: color-mix(in srgb, var(--tipchat-primary) 8%, var(--tipchat-surface));
    overflow-wrap: anywhere;
  }
  .chat-log {
    list-style: none;
    margin: 0.5rem 0;
    padding: 0;
    max-height: 28rem;
    overflow-y: auto;
    border: 1px solid var(--tipchat-border-color);
    border-radius: 8px;
  }
  .chat-log.readonly {
    max-height: 22rem;
  }
  .chat-message {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
    padding: 0.35rem 0.6rem;
    border-bottom: 1px solid color-mix(in srgb, var(--tipchat-border-color) 60%, transparent);
  }
  .chat-message.tip {
    background: color-mix(in srgb, var(--tipchat-primary) 6%, var(--tipchat-surface));
  }
  .chat-body {
    flex: 1;
    min-width: 12rem;
    overflow-wrap: anywhere;
  }
  .chat-time {
    color: var(--tipchat-muted);
    font-size: 0.78rem;
    margin-right: 0.35rem;
  }
  .chat-author {
    margin-right: 0.3rem;
  }
  .chat-author[data-role='streamer'],
  .chat-author[data-role='moderator'] {
    color: var(--tipchat-primary);
  }
  .chat-actions {
    display: flex;
    gap: 0.25rem;
    flex-wrap: wrap;
  }
  .chat-message > .error {
    flex-basis: 100%;
  }
  .composer {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  .composer input {
    flex: 1;
    min-width: 10rem;
  }
  .tabs {
    display: flex;
    gap: 0.25rem;
    overflow-x: auto;
    border-bottom: 1px solid var(--tipchat-border-color);
    margin-bottom: 0.75rem;
  }
  .tabs [role='tab'] {
    font: inherit;
    font-weight: 600;
    font-size: 0.9rem;
    background: none;
    border: 0;
    border-bottom: 3px solid transparent;
    padding: 0.45rem 0.65rem;
    color: var(--tipchat-muted);
    cursor: pointer;
    white-space: nowrap;
  }
  .tabs [role='tab'][aria-selected='true'] {
    color: var(--tipchat-text);
    border-bottom-color: var(--tipchat-primary);
  }
  .tab-panel:focus-visible {
    outline-offset: 4px;
  }

  /* ── Settings, embed, earnings ──────────────────────────────────────── */
  .avatar-row {
    display: flex;
    align-items: center;
    gap: 0.6rem;
  }
  .avatar-row input {
    flex: 1;
  }
  .avatar {
    border-radius: 50%;
    object-fit: cover;
  }
  progress {
    width: 100%;
    height: 0.9rem;
    accent-color: var(--tipchat-primary);
  }
  .copy-field {
    margin: 0.75rem 0;
  }
  .copy-field textarea {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
    font-size: 0.82rem;
    margin-top: 0.25rem;
  }
  .preview {
    border-radius: var(--tipchat-radius);
    padding: 0.75rem;
    background: #e5e7eb;
  }
  .preview.dark {
    background: #030712;
  }
  .balances {
    display: grid;
    gap: 0.75rem;
  }
  dl.balance {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(7rem, 1fr));
    gap: 0.5rem 1rem;
    margin: 0;
  }
  dl.balance div {
    min-width: 0;
  }
  dl.balance dt {
    color: var(--tipchat-muted);
    font-size: 0.8rem;
  }
  dl.balance dd {
    margin: 0;
    font-weight: 700;
    font-size: 1.05rem;
  }
  dl.balance .main dd {
    font-size: 1.4rem;
    color: var(--tipchat-success);
  }
  dl.balance dd.negative {
    color: var(--tipchat-danger);
  }
  .chart svg {
    width: 100%;
    height: 11rem;
    display: block;
  }
  .chart .bar {
    fill: var(--tipchat-primary);
  }
  .chart-labels {
    display: flex;
    justify-content: space-between;
    color: var(--tipchat-muted);
    font-size: 0.75rem;
    border-top: 1px solid var(--tipchat-border-color);
    padding-top: 0.2rem;
  }
  .chart figcaption {
    margin: 0.4rem 0;
    color: var(--tipchat-muted);
  }
  figure {
    margin: 0;
  }
  .badge.payout-succeeded {
    color: var(--tipchat-success);
    border-color: currentColor;
  }
  .badge.payout-failed,
  .badge.payout-reversed {
    color: var(--tipchat-danger);
    border-color: currentColor;
  }
`;
