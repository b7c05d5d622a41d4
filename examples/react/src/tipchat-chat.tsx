import '@tipchat/widget/widget'; // registers <tipchat-widget> (once, however often it is imported)
import type { TipchatWidget } from '@tipchat/widget';
import { useEffect, useRef } from 'react';

/** A paid tip as the widget reports it (the SDK's `PublicTip`). */
export type PaidTip = HTMLElementEventMap['tipchat-tip-succeeded']['detail']['tip'];

export interface TipchatChatProps {
  channel: string;
  server: string;
  theme?: 'light' | 'dark';
  /** Called when a viewer's tip is paid. */
  onTip?: (tip: PaidTip) => void;
  /** Called when loading or an action fails (`code` is a tipchat error code). */
  onError?: (code: string, message: string) => void;
}

/**
 * `<tipchat-widget>` as a React component. Attributes pass straight through; the widget's events
 * are listened to on the element through a ref, which works the same in every React version.
 */
export function TipchatChat({ channel, server, theme = 'light', onTip, onError }: TipchatChatProps) {
  const ref = useRef<TipchatWidget>(null);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const tipped = (event: HTMLElementEventMap['tipchat-tip-succeeded']) => onTip?.(event.detail.tip);
    const failed = (event: HTMLElementEventMap['tipchat-error']) => onError?.(event.detail.code, event.detail.message);
    element.addEventListener('tipchat-tip-succeeded', tipped);
    element.addEventListener('tipchat-error', failed);
    return () => {
      element.removeEventListener('tipchat-tip-succeeded', tipped);
      element.removeEventListener('tipchat-error', failed);
    };
  }, [onTip, onError]);

  return <tipchat-widget ref={ref} channel={channel} server={server} theme={theme} />;
}
