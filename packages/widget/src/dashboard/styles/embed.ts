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
  /* The overlay builder: the 1920×1080 overlay page scaled to the card's width, on a checkerboard (transparency). */
  .overlay-preview {
    position: relative;
    aspect-ratio: 16 / 9;
    overflow: hidden;
    border-radius: var(--tipchat-radius);
    background: repeating-conic-gradient(#d1d5db 0 25%, #f3f4f6 0 50%) 0 0 / 24px 24px;
  }
  .overlay-preview.dark {
    background: repeating-conic-gradient(#1f2937 0 25%, #111827 0 50%) 0 0 / 24px 24px;
  }
  .overlay-preview iframe {
    position: absolute;
    inset: 0 auto auto 0;
    width: 1920px;
    height: 1080px;
    border: 0;
    transform: scale(var(--scale, 0.3));
    transform-origin: 0 0;
  }
`;
