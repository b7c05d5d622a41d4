import { css } from 'lit';

/** The operator console: search and range forms on one line, the pager, fee inputs per currency; the restriction banner. */
export const adminStyles = css`
  form.inline,
  p.inline {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: end;
    margin: 0 0 1rem;
  }
  form.stack {
    display: grid;
    gap: 0.5rem;
    max-width: 36rem;
  }
  form.stack fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    border: 1px solid var(--tipchat-border-color);
    border-radius: 8px;
  }
  form.stack fieldset input {
    width: 6rem;
  }
  .pager {
    display: flex;
    gap: 0.75rem;
    align-items: center;
  }
  .notice.restriction p {
    margin: 0.25rem 0 0;
  }
`;
