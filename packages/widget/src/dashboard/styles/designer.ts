import { css } from 'lit';

/** The alert designer: the list of variations, the upload pickers, and the preview stage beside the form. */
export const designerStyles = css`
  .designer-list {
    list-style: none;
    margin: 0 0 0.6rem;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.3rem;
  }
  .designer-item {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.4rem;
    padding: 0.3rem 0.5rem;
    border: 1px solid var(--tipchat-border-color);
    border-radius: 8px;
  }
  .designer-item.selected {
    border-color: var(--tipchat-primary);
    box-shadow: inset 4px 0 0 var(--tipchat-primary);
  }
  .designer-item .actions {
    display: flex;
    gap: 0.3rem;
    margin: 0;
  }
  .designer .field.inline {
    flex-direction: row;
    align-items: center;
    gap: 0.6rem;
  }
  .designer label.upload {
    font-weight: 400;
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
    margin-top: 0.3rem;
  }
  /* A dark stage like a stream scene, tall enough for an alert with an image. */
  .designer-preview tipchat-alerts {
    display: block;
    min-height: 320px;
    margin-top: 0.8rem;
    padding: 16px;
    border-radius: var(--tipchat-radius);
    background: linear-gradient(135deg, #1f2937, #4b5563);
  }
`;
