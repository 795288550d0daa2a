/**
 * Tiny DOM helpers. Text from the API only ever goes through textContent or attributes set with
 * setAttribute — never innerHTML — so markup in a query or a criterion shows literally.
 */

export interface Props {
  readonly className?: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  children: readonly (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.className) el.className = props.className;
  if (props.text !== undefined) el.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}

/** A codicon: "sync~spin" becomes the spinning sync icon. Decorative: hidden from screen readers. */
export function icon(name: string, extra = ''): HTMLElement {
  const [id, modifier] = name.split('~');
  const cls = ['codicon', `codicon-${id ?? 'circle'}`];
  if (modifier) cls.push(`codicon-modifier-${modifier}`);
  if (extra) cls.push(extra);
  return h('i', { className: cls.join(' '), attrs: { 'aria-hidden': 'true' } });
}

export function setIcon(el: HTMLElement, name: string, extra = ''): void {
  const next = icon(name, extra).className;
  if (el.className !== next) el.className = next;
}

/** Sets text only when it changed, so a live region speaks only real changes. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function button(label: string, iconName: string, ariaLabel: string, className = 'button'): HTMLButtonElement {
  const b = h('button', { className, attrs: { type: 'button', 'aria-label': ariaLabel, title: ariaLabel } }, [icon(iconName)]);
  if (label) b.append(h('span', { text: label }));
  return b;
}

/**
 * An http(s) link that only the host opens, after its own check of the URL (the webview never navigates).
 * It has no `href`: VS Code opens any `<a href>` clicked in a webview by itself, which would open the
 * link a second time and skip the host's check. Anything but http(s) is plain text.
 */
export function link(text: string, url: string | null | undefined, onOpen: (url: string) => void, ariaLabel?: string): HTMLElement {
  if (!url || !/^https?:\/\//i.test(url)) return h('span', { text });
  const a = h('a', { text, className: 'link', attrs: { role: 'link', tabindex: '0', title: url } });
  if (ariaLabel) a.setAttribute('aria-label', ariaLabel);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    onOpen(url);
  });
  a.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    onOpen(url);
  });
  return a;
}

/** "—" for missing values: never "undefined" or "null". */
export function orDash(v: string | number | null | undefined): string {
  return v === null || v === undefined || v === '' ? '—' : String(v);
}

/** A CSS class for a theme colour id: "charts.blue" → "c-charts-blue". */
export function colorClass(color: string | null): string {
  return color ? `c-${color.replace(/[^A-Za-z0-9]+/g, '-')}` : 'c-default';
}

export function replaceChildren(el: Element, children: readonly (Node | string)[]): void {
  el.replaceChildren(...children);
}
