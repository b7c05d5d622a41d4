import { css } from 'lit';

/** The settings page: the avatar row, the goal's progress bar, the tiers table. */
export const settingsStyles = css`
  .avatar-row {
    display: flex;
    align-items: center;
    gap: 0.6rem;
  }
  .avatar-row input {
    flex: 1;
  }
  .avatar {
    border-radius: 50%;
    object-fit: cover;
  }
  progress {
    width: 100%;
    height: 0.9rem;
    accent-color: var(--tipchat-primary);
  }
  table.tiers input {
    width: 6.5rem;
  }
  /* On a phone each tier is a card of captioned fields, two to a row, instead of a table wider
     than the screen. */
  @media (max-width: 760px) {
    table.tiers,
    table.tiers tbody,
    table.tiers td {
      display: block;
    }
    table.tiers thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    table.tiers tr {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      gap: 0.5rem 0.75rem;
      padding: 0.75rem 0;
      border-bottom: 1px solid var(--tipchat-border-color);
    }
    table.tiers td {
      padding: 0;
      border: 0;
      min-width: 0;
    }
    table.tiers td[data-label]::before {
      content: attr(data-label);
      display: block;
      font-size: 0.8rem;
      color: var(--tipchat-muted);
      margin-bottom: 0.15rem;
    }
    table.tiers input {
      width: 100%;
    }
    table.tiers input[type='color'] {
      width: 3rem;
    }
    table.tiers .tier-remove {
      align-self: end;
    }
  }
  .swatch {
    display: inline-block;
    width: 0.9rem;
    height: 0.9rem;
    border-radius: 3px;
    background: var(--tier, var(--tipchat-primary));
    vertical-align: middle;
  }
`;
