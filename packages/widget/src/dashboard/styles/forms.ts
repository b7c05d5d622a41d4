import { css } from 'lit';

/** Forms and buttons: fields, labels, inputs, checkboxes, fieldsets, button styles, action rows, link lists. */
export const formsStyles = css`
  form {
    margin: 0;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    margin: 0 0 0.85rem;
    min-width: 0;
  }
  .field.grow,
  .grow {
    flex: 1;
  }
  .field > select {
    align-self: flex-start;
    min-width: 8rem;
    max-width: 100%;
  }
  .row > .field {
    flex: 1 1 9rem;
  }
  fieldset .check {
    display: inline-flex;
    margin-right: 1.25rem;
  }
  label {
    font-weight: 600;
    font-size: 0.9rem;
  }
  small {
    color: var(--tipchat-muted);
    font-size: 0.8rem;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--tipchat-surface);
    border: 1px solid var(--tipchat-border-color);
    border-radius: 8px;
    padding: 0.5rem 0.6rem;
    min-width: 0;
    max-width: 100%;
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--tipchat-primary);
    outline-offset: 0;
    box-shadow: var(--focus);
  }
  input[aria-invalid='true'] {
    border-color: var(--tipchat-danger);
  }
  input[type='color'] {
    padding: 0.1rem;
    width: 3rem;
    height: 2.2rem;
  }
  textarea {
    width: 100%;
    resize: vertical;
  }
  fieldset {
    border: 1px solid var(--tipchat-border-color);
    border-radius: var(--tipchat-radius);
    padding: 0.5rem 0.85rem 0.75rem;
    margin: 0 0 0.85rem;
  }
  legend {
    font-weight: 600;
    font-size: 0.9rem;
    padding: 0 0.3rem;
  }
  .check {
    display: flex;
    align-items: center;
    gap: 0.45rem;
    font-weight: 500;
    margin: 0.35rem 0;
  }
  .check input {
    width: 1.1rem;
    height: 1.1rem;
  }
  .color {
    display: inline-flex;
    align-items: center;
    gap: 0.45rem;
    font-weight: 500;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0 1rem;
    align-items: flex-start;
  }
  .inline-form {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 0 0.75rem;
    margin-top: 1rem;
  }
  .inline-form > .btn {
    margin-bottom: 0.85rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin-top: 0.5rem;
  }
  .actions.center {
    justify-content: center;
    margin: 1rem 0;
  }
  .btn {
    font: inherit;
    font-weight: 600;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.35rem;
    min-height: 2.5rem;
    padding: 0.45rem 1rem;
    border-radius: 8px;
    border: 1px solid var(--tipchat-border-color);
    background: var(--tipchat-surface);
    color: var(--tipchat-text);
    cursor: pointer;
    text-decoration: none;
  }
  .btn:hover:not(:disabled) {
    border-color: var(--tipchat-primary);
  }
  .btn:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .btn.primary {
    background: var(--tipchat-primary);
    border-color: var(--tipchat-primary);
    color: var(--tipchat-primary-text);
  }
  .btn.danger {
    background: var(--tipchat-danger);
    border-color: var(--tipchat-danger);
    color: #fff;
  }
  .btn.danger-outline {
    color: var(--tipchat-danger);
    border-color: color-mix(in srgb, var(--tipchat-danger) 55%, transparent);
  }
  .btn.small {
    min-height: 2rem;
    padding: 0.2rem 0.7rem;
    font-size: 0.85rem;
  }
  .btn.tiny {
    min-height: 1.75rem;
    padding: 0.1rem 0.5rem;
    font-size: 0.78rem;
  }
  .btn[aria-pressed='true'] {
    background: color-mix(in srgb, var(--tipchat-primary) 14%, var(--tipchat-surface));
  }
  .links {
    list-style: none;
    padding: 0;
    margin: 1rem 0 0;
    display: grid;
    gap: 0.35rem;
  }
`;
