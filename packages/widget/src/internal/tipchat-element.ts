import { LitElement } from 'lit';

type TipchatEventName = Extract<keyof GlobalEventHandlersEventMap, `tipchat-${string}`>;
type DetailOf<K extends TipchatEventName> = GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never;

/**
 * The base of every tipchat element. `emit()` only takes event names an element declared in
 * `GlobalEventHandlersEventMap`, with the detail declared there, and always lets the event
 * cross the shadow boundary so page code can listen on the element or above it.
 */
export class TipchatElement extends LitElement {
  protected emit<K extends TipchatEventName>(name: K, detail: DetailOf<K>): boolean {
    return this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }));
  }
}
