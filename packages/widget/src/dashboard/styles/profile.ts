import { css } from 'lit';

/** The profile page: the account facts and the danger zone. */
export const profileStyles = css`
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
`;
