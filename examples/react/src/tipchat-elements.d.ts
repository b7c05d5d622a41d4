/**
 * JSX types for tipchat's custom elements, so `<tipchat-widget channel="…">` type-checks in
 * React like a built-in element: each attribute with its allowed values, and `ref` typed as the
 * element's class (whose `addEventListener` knows the `tipchat-*` events and their details).
 */
import type { TipchatWidget } from '@tipchat/widget';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';

/** What every tipchat element takes. */
interface TipchatElementAttributes {
  /** `light` (default) or `dark`. */
  theme?: 'light' | 'dark';
  /** No background: for OBS, or a page that paints its own. */
  transparent?: boolean;
  /** `en` or `hi`; defaults to the nearest `lang` above the element, then the browser's language. */
  lang?: 'en' | 'hi';
}

interface TipchatWidgetAttributes extends TipchatElementAttributes {
  /** The channel's slug. */
  channel: string;
  /** Base URL of the tipchat server, e.g. `https://tips.example.com`. */
  server: string;
  /** How many messages stay on screen (default 200). */
  'max-messages'?: number;
}

type ElementProps<Element extends HTMLElement, Attributes> = Omit<DetailedHTMLProps<HTMLAttributes<Element>, Element>, keyof Attributes> &
  Attributes;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'tipchat-widget': ElementProps<TipchatWidget, TipchatWidgetAttributes>;
    }
  }
}
