import { css } from 'lit';

/** The tips feed: filters, totals, the tip rows and their actions, the alert queue controls. */
export const tipsStyles = css`
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
    .tip.fresh {
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
`;
