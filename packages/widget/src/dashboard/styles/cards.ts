import { css } from 'lit';

/** Cards: the panels views are made of, and their heading rows. */
export const cardsStyles = css`
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
    .card {
      padding: 1rem;
    }
  }
`;
