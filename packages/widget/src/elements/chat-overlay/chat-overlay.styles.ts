import { css } from 'lit';

export const chatOverlayStyles = css`
  .list {
    margin: 0;
    padding: 0;
    list-style: none;
    display: flex;
    flex-direction: column;
    gap: var(--tipchat-gap, 8px);
  }

  .message {
    padding: var(--tipchat-padding, 8px 14px);
    overflow-wrap: anywhere;
    animation: tipchat-message-in 300ms ease-out both;
  }

  /* Only fading out is animated: when a message leaves, the next one takes over its element at once. */
  .message[data-faded] {
    opacity: 0;
    transition: opacity 1s ease-in;
  }

  .tip {
    --_highlight: var(--tipchat-tip, var(--_tip));

    border-left: 6px solid var(--_highlight);
    background: color-mix(in srgb, var(--_highlight) 28%, var(--_card));
  }

  .author {
    margin-right: 0.4em;
    color: var(--_primary);
    font-weight: 700;
  }

  [data-role='streamer'] .author,
  [data-role='moderator'] .author {
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }

  .amount {
    margin-right: 0.4em;
    padding: 0 0.4em;
    border-radius: 999px;
    background: var(--_highlight);
    color: #ffffff;
    font-weight: 800;
    font-variant-numeric: tabular-nums;
  }

  .text {
    white-space: pre-line;
  }

  @keyframes tipchat-message-in {
    from {
      opacity: 0;
      transform: translateX(24px);
    }
  }
`;
