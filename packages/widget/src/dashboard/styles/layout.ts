import { css } from 'lit';

/**
 * The shell: top bar, side navigation (a scrolling tab bar on phones), the main area and the page
 * grids views lay their cards out in.
 */
export const layoutStyles = css`
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
  @media (max-width: 760px) {
    .shell.in-app {
      grid-template-columns: minmax(0, 1fr);
      grid-template-areas: 'top' 'nav' 'main';
    }
    /* Every tab stays in sight on a phone: the tabs wrap onto a second row instead of scrolling
       sideways, where Earnings and Profile hid past the edge with nothing to say they were there. */
    .sidenav {
      border-right: 0;
      border-bottom: 1px solid var(--tipchat-border-color);
      padding: 0.4rem;
    }
    .sidenav ul {
      flex-direction: row;
      flex-wrap: wrap;
      gap: 0.25rem;
    }
    .sidenav a {
      padding: 0.4rem 0.6rem;
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
    .narrow {
      margin: 1rem auto;
    }
  }
`;
