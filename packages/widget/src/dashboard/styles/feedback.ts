import { css } from 'lit';

/** Feedback: muted text, errors, notices, loading and empty states, badges, tip amounts, the dialog. */
export const feedbackStyles = css`
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
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
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
  /* A tip's amount in its tier's colour: in the tips feed and in chat lines. */
  .amount {
    display: inline-block;
    padding: 0.05rem 0.55rem;
    border-radius: 6px;
    font-weight: 700;
    background: var(--tier, var(--tipchat-primary));
    color: #fff;
    text-shadow: 0 1px 1px rgb(0 0 0 / 0.35);
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
`;
