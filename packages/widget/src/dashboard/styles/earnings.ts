import { css } from 'lit';

/** The earnings page: balances, the tips-per-day chart, payout status badges. */
export const earningsStyles = css`
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
