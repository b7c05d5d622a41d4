import { css } from 'lit';

/**
 * The designer's options on the alert card: layouts, fonts and animations by class. The classic
 * card (no design) has none of these classes and looks as before. Exit animations last at most
 * the component's EXIT_MS. Kept terse: the overlay script has a size budget.
 */
export const alertLookStyles = css`
  .text {
    position: relative;
    color: var(--_fg);
  }
  .media > * {
    display: block;
    max-width: 100%;
    max-height: 360px;
    margin: 0 auto 12px;
    border-radius: 8px;
  }
  .left {
    display: flex;
    gap: 20px;
    align-items: center;
    text-align: start;
  }
  .left .media {
    max-width: 40%;
  }
  .left .text {
    flex: 1;
  }
  .left .media > * {
    margin: 0;
  }
  .behind .media {
    position: absolute;
    inset: 0;
  }
  .behind .media > * {
    width: 100%;
    height: 100%;
    max-height: none;
    margin: 0;
    border-radius: 0;
    object-fit: cover;
  }
  .behind .text {
    text-shadow: 0 2px 8px #000;
  }
  .font-rounded {
    font-family: ui-rounded, Nunito, 'Arial Rounded MT Bold', sans-serif;
  }
  .font-serif {
    font-family: Georgia, serif;
  }
  .font-mono {
    font-family: ui-monospace, Consolas, monospace;
  }
  .font-impact {
    font-family: Impact, 'Arial Black', sans-serif;
  }
  .alert.in-fade {
    animation: tipchat-fade 0.5s both;
  }
  .alert.in-slide {
    animation: tipchat-slide 0.5s both;
  }
  .alert.in-none {
    animation: none;
  }
  .alert.leaving.out-zoom {
    animation: tipchat-alert-out 0.4s ease-in both;
  }
  .alert.leaving.out-fade {
    animation: tipchat-fade 0.4s reverse both;
  }
  .alert.leaving.out-slide {
    animation: tipchat-slide 0.4s reverse both;
  }
  .alert.leaving.out-none {
    animation: none;
    visibility: hidden;
  }
  @keyframes tipchat-fade {
    from {
      opacity: 0;
    }
  }
  @keyframes tipchat-slide {
    from {
      opacity: 0;
      transform: translateX(-120%);
    }
  }
`;
