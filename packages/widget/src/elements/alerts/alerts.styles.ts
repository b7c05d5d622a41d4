import { css } from 'lit';

export const alertsStyles = css`
  :host {
    text-align: center;
  }

  .alert {
    --_accent: var(--tipchat-tier, var(--_tier, var(--_primary)));

    position: relative;
    overflow: hidden;
    border-top: 6px solid var(--_accent);
    padding: var(--tipchat-padding, 20px 28px 24px);
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
    animation: tipchat-alert-in 600ms cubic-bezier(0.2, 1.3, 0.4, 1) both;
  }

  .alert.leaving {
    animation: tipchat-alert-out 400ms ease-in both;
  }

  .headline {
    margin: 0;
    font-size: 1.2em;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .name {
    font-weight: 800;
  }

  .amount {
    display: inline-block;
    color: var(--_accent);
    font-size: 1.6em;
    font-weight: 900;
    font-variant-numeric: tabular-nums;
  }

  .message {
    margin: 0.5em 0 0;
    font-size: 1.05em;
    white-space: pre-line;
    overflow-wrap: anywhere;
  }

  .timer {
    position: absolute;
    inset: auto 0 0 0;
    height: 4px;
    background: var(--_accent);
    transform-origin: left;
    animation: tipchat-alert-timer var(--_seconds, 5s) linear both;
  }

  @keyframes tipchat-alert-in {
    from {
      opacity: 0;
      transform: translateY(-40px) scale(0.85);
    }
  }

  @keyframes tipchat-alert-out {
    to {
      opacity: 0;
      transform: translateY(-20px) scale(0.95);
    }
  }

  @keyframes tipchat-alert-timer {
    to {
      transform: scaleX(0);
    }
  }
`;
