import { css } from 'lit';

/** The embed page: copy-ready fields and the widget preview. */
export const embedStyles = css`
  .copy-field {
    margin: 0.75rem 0;
  }
  .copy-field textarea {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
    font-size: 0.82rem;
    margin-top: 0.25rem;
  }
  .preview {
    border-radius: var(--tipchat-radius);
    padding: 0.75rem;
    background: #e5e7eb;
  }
  .preview.dark {
    background: #030712;
  }
`;
