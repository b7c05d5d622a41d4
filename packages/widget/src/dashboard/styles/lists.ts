import { css } from 'lit';

/** Lists and tables: rows with actions, detail pairs, scrolling tables. */
export const listsStyles = css`
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
`;
