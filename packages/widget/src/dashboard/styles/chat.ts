import { css } from 'lit';

/** The chat page: the moderated chat log, the pinned message, the send box, the moderation tabs. */
export const chatStyles = css`
  .chat-card {
    display: flex;
    flex-direction: column;
  }
  .pinned {
    border: 1px solid var(--tipchat-border-color);
    border-radius: 8px;
    padding: 0.45rem 0.6rem;
    margin-bottom: 0.5rem;
    background: color-mix(in srgb, var(--tipchat-primary) 8%, var(--tipchat-surface));
    overflow-wrap: anywhere;
  }
  .chat-log {
    list-style: none;
    margin: 0.5rem 0;
    padding: 0;
    max-height: 28rem;
    overflow-y: auto;
    border: 1px solid var(--tipchat-border-color);
    border-radius: 8px;
  }
  .chat-log.readonly {
    max-height: 22rem;
  }
  .chat-message {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
    padding: 0.35rem 0.6rem;
    border-bottom: 1px solid color-mix(in srgb, var(--tipchat-border-color) 60%, transparent);
  }
  .chat-message.tip {
    background: color-mix(in srgb, var(--tipchat-primary) 6%, var(--tipchat-surface));
  }
  .chat-body {
    flex: 1;
    min-width: 12rem;
    overflow-wrap: anywhere;
  }
  .chat-time {
    color: var(--tipchat-muted);
    font-size: 0.78rem;
    margin-right: 0.35rem;
  }
  .chat-author {
    margin-right: 0.3rem;
  }
  .chat-author[data-role='streamer'],
  .chat-author[data-role='moderator'] {
    color: var(--tipchat-primary);
  }
  .chat-actions {
    display: flex;
    gap: 0.25rem;
    flex-wrap: wrap;
  }
  .chat-message > .error {
    flex-basis: 100%;
  }
  .composer {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  .composer input {
    flex: 1;
    min-width: 10rem;
  }
  .tabs {
    display: flex;
    gap: 0.25rem;
    overflow-x: auto;
    border-bottom: 1px solid var(--tipchat-border-color);
    margin-bottom: 0.75rem;
  }
  .tabs [role='tab'] {
    font: inherit;
    font-weight: 600;
    font-size: 0.9rem;
    background: none;
    border: 0;
    border-bottom: 3px solid transparent;
    padding: 0.45rem 0.65rem;
    color: var(--tipchat-muted);
    cursor: pointer;
    white-space: nowrap;
  }
  .tabs [role='tab'][aria-selected='true'] {
    color: var(--tipchat-text);
    border-bottom-color: var(--tipchat-primary);
  }
  .tab-panel:focus-visible {
    outline-offset: 4px;
  }
`;
