import { noChange } from 'lit';
import { Directive, directive, type ElementPart } from 'lit/directive.js';

/**
 * Sets CSS custom properties on an element through the CSSOM. Lit's `styleMap` writes a `style`
 * attribute on first render, which a strict Content-Security-Policy (no `'unsafe-inline'`
 * styles) blocks; `element.style.setProperty` is always allowed. Use as `<div ${cssProps({…})}>`, always with the same names: a name left
 * out later is not removed.
 */
class CssPropsDirective extends Directive {
  render(_props: Readonly<Record<`--${string}`, string>>) {
    return noChange;
  }

  override update(part: ElementPart, [props]: [Readonly<Record<`--${string}`, string>>]) {
    const { style } = part.element as HTMLElement;
    for (const [name, value] of Object.entries(props)) style.setProperty(name, value);
    return noChange;
  }
}

export const cssProps = directive(CssPropsDirective);
