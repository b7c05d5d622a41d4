import { css } from 'lit';

export const leaderboardStyles = css`
  .title {
    margin: 0 0 0.5em;
    font-size: 1em;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--_muted);
  }

  .list {
    margin: 0;
    padding: 0;
    list-style: none;
    display: grid;
    gap: 0.35em;
  }

  .entry {
    display: grid;
    grid-template-columns: 1.6em minmax(0, 1fr) auto;
    align-items: baseline;
    gap: 0.6em;
  }

  .rank {
    color: var(--_muted);
    font-weight: 700;
    text-align: right;
    font-variant-numeric: tabular-nums;
  }

  .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }

  .amount {
    color: var(--_primary);
    font-weight: 800;
    font-variant-numeric: tabular-nums;
  }

  .entry[data-rank='1'] .name {
    font-weight: 800;
  }

  .empty {
    margin: 0;
    color: var(--_muted);
  }
`;
