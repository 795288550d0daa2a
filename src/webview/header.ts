/** The panel header (status icon, query, ID chip, actions) and the progress funnel. */
import type { BusyAction, PanelAction, PanelStrings, TaskViewModel } from '../protocol/messages';
import { button, colorClass, h, icon, setIcon, setText } from './dom';

export type Send = (action: PanelAction) => void;

export class HeaderView {
  readonly root: HTMLElement;
  private readonly stateIcon = icon('loading~spin');
  private readonly title = h('h1', { className: 'query-title' });
  private readonly stateLabel = h('span', { className: 'state-label', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly idText = h('code', { className: 'id-text' });
  /** Export is not here: it sits with the results it exports (results.ts), once. */
  private readonly buttons: Record<'refresh' | 'open' | 'resume' | 'stop', HTMLButtonElement>;

  constructor(send: Send, s: PanelStrings) {
    const copy = button('', 'copy', s.copyTaskId, 'icon-button');
    copy.addEventListener('click', () => send('copyId'));
    this.buttons = {
      refresh: button(s.refresh, 'refresh', s.refreshHint),
      open: button(s.openInExtruct, 'link-external', s.openInExtructHint),
      resume: button(s.resume, 'debug-continue', s.resumeHint),
      stop: button(s.stopWatching, 'eye-closed', s.stopWatchingHint, 'button secondary'),
    };
    const actions: Record<keyof typeof this.buttons, PanelAction> = {
      refresh: 'refresh',
      open: 'openInExtruct',
      resume: 'resume',
      stop: 'stopWatching',
    };
    for (const [k, b] of Object.entries(this.buttons)) b.addEventListener('click', () => send(actions[k as keyof typeof actions]));
    this.root = h('header', { className: 'header' }, [
      h('div', { className: 'title-row' }, [
        h('span', { className: 'state-icon' }, [this.stateIcon]),
        h('div', { className: 'title-text' }, [
          this.title,
          h('div', { className: 'subtitle' }, [
            this.stateLabel,
            h('span', { className: 'id-chip' }, [h('span', { className: 'id-label', text: s.idLabel }), this.idText, copy]),
          ]),
        ]),
      ]),
      h('div', { className: 'actions', attrs: { role: 'toolbar', 'aria-label': s.taskActions } }, Object.values(this.buttons)),
    ]);
  }

  update(m: TaskViewModel): void {
    setIcon(this.stateIcon, m.state.icon, colorClass(m.state.color));
    setText(this.title, m.query ?? m.id);
    this.title.setAttribute('title', m.query ?? m.id);
    setText(this.stateLabel, capitalize(m.statusLine));
    setText(this.idText, m.id);
    this.buttons.resume.hidden = m.resumeBlocker !== null;
  }

  setBusy(action: BusyAction, busy: boolean): void {
    const b = action === 'refresh' ? this.buttons.refresh : action === 'resume' ? this.buttons.resume : undefined;
    if (!b) return;
    b.disabled = busy;
    b.setAttribute('aria-busy', String(busy));
    b.classList.toggle('busy', busy);
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function stageRow(): HTMLLIElement {
  return h('li', { className: 'stage' }, [
    h('span', { className: 'stage-label' }),
    h('span', { className: 'bar', attrs: { 'aria-hidden': 'true' } }, [h('span', { className: 'bar-fill' })]),
    h('span', { className: 'stage-value' }),
  ]);
}

/** A stage row's label, bar fill and value (built by stageRow). */
function stageParts(li: HTMLLIElement): [HTMLElement, HTMLElement, HTMLElement] {
  const part = (selector: string): HTMLElement => {
    const el = li.querySelector<HTMLElement>(selector);
    if (!el) throw new Error(`A funnel row lacks ${selector}.`);
    return el;
  };
  return [part('.stage-label'), part('.bar-fill'), part('.stage-value')];
}

/** Four bars, discovered → high-fit, scaled to the target (or to the largest count when there is none). */
export class FunnelView {
  readonly root: HTMLElement;
  private readonly list = h('ol', { className: 'funnel' });
  private readonly empty: HTMLElement;

  constructor(s: PanelStrings) {
    this.empty = h('p', { className: 'muted', text: s.noCounts });
    this.root = h('section', { className: 'card', attrs: { 'aria-labelledby': 'progress-h' } }, [
      h('h2', { text: s.progress, attrs: { id: 'progress-h' } }),
      this.list,
      this.empty,
    ]);
  }

  update(m: TaskViewModel): void {
    this.empty.hidden = m.funnel.length > 0;
    const target = m.desiredNumResults ?? 0;
    const scale = Math.max(1, target || Math.max(0, ...m.funnel.map((s) => s.value)));
    while (this.list.children.length > m.funnel.length) this.list.lastElementChild?.remove();
    m.funnel.forEach((stage, i) => {
      const li = (this.list.children[i] as HTMLLIElement | undefined) ?? this.list.appendChild(stageRow());
      const [label, fill, value] = stageParts(li);
      const highFit = stage.key === 'high-fit';
      const text = highFit && target ? `${stage.value} / ${target}` : String(stage.value);
      setText(label, stage.label);
      setText(value, text);
      li.setAttribute('title', stage.hint);
      li.setAttribute('aria-label', `${stage.label}: ${text}. ${stage.hint}.`);
      li.classList.toggle('high-fit', highFit);
      fill.style.width = `${Math.min(100, (stage.value / scale) * 100).toFixed(1)}%`;
      fill.classList.toggle('over', stage.value > scale);
    });
  }
}
