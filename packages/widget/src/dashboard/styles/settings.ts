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
  .swatch {
    display: inline-block;
    width: 0.9rem;
    height: 0.9rem;
    border-radius: 3px;
    background: var(--tier, var(--tipchat-primary));
    vertical-align: middle;
  }
`;
