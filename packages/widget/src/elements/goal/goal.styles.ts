import { css } from 'lit';

export const goalStyles = css`
  .top {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 1em;
  }

  .title {
    min-width: 0;
    font-weight: 700;
    font-size: 1.1em;
    overflow-wrap: anywhere;
  }

  .status,
  .amounts {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }

  .status {
    flex: none;
    font-weight: 600;
  }

  [data-reached] .status {
    color: var(--tipchat-reached, #16a34a);
  }

  .bar {
    height: var(--tipchat-bar-height, 22px);
    margin: 0.4em 0;
    border-radius: 999px;
    overflow: hidden;
    background: var(--tipchat-track, color-mix(in srgb, var(--_text) 18%, transparent));
  }

  .fill {
    height: 100%;
    width: calc(var(--_fraction, 0) * 100%);
    border-radius: inherit;
    background: var(--_primary);
    transition: width 800ms ease-out;
  }

  [data-reached] .fill {
    background: var(--tipchat-reached, #16a34a);
  }

  .amounts {
    font-size: 0.9em;
  }
`;
