/** The details grid (every field of the task), the error banner and the criteria list. */
import { fill } from '../core/format/fill';
import { formatDuration, formatRelative } from '../core/format/time';
import type { CriterionView, PanelStrings, TaskViewModel } from '../protocol/messages';
import { h, link, orDash, replaceChildren, setText } from './dom';
import { dateTime } from './time';

const LONG_LIST = 8;

type Row =
  'id' | 'status' | 'query' | 'created' | 'target' | 'eta' | 'rate' | 'exhausted' | 'table' | 'sources' | 'excluded' | 'checked' | 'next';

/** The grid's rows, in order, with their labels. */
function labels(s: PanelStrings): Record<Row, string> {
  return {
    id: s.rowTaskId,
    status: s.rowStatus,
    query: s.rowQuery,
    created: s.rowCreated,
    target: s.rowTarget,
    eta: s.rowEta,
    rate: s.rowRate,
    exhausted: s.rowExhausted,
    table: s.rowTable,
    sources: s.rowSources,
    excluded: s.rowExcluded,
    checked: s.rowChecked,
    next: s.rowNext,
  };
}

export class DetailsView {
  readonly root: HTMLElement;
  private readonly cells = {} as Record<Row, HTMLElement>;
  private readonly error = h('div', { className: 'error-banner', attrs: { role: 'alert' } });
  private readonly criteria = h('div', { className: 'criteria' });
  private readonly criteriaHeading: HTMLElement;
  private readonly raw = h('pre', { className: 'raw-json' });
  private keys = { table: '', sources: '', excluded: '', criteria: '' };
  private model: TaskViewModel | undefined;

  constructor(
    private readonly open: (url: string) => void,
    private readonly s: PanelStrings,
  ) {
    this.criteriaHeading = h('h2', { text: s.criteria, attrs: { id: 'criteria-h' } });
    const grid = h('dl', { className: 'grid' });
    for (const [row, label] of Object.entries(labels(s)) as Array<[Row, string]>) {
      this.cells[row] = h('dd', { className: `cell-${row}` });
      grid.append(h('div', { className: 'grid-row' }, [h('dt', { text: label }), this.cells[row]]));
    }
    this.error.hidden = true;
    this.root = h('div', { className: 'details' }, [
      this.error,
      h('section', { className: 'card', attrs: { 'aria-labelledby': 'details-h' } }, [
        h('h2', { text: s.details, attrs: { id: 'details-h' } }),
        grid,
      ]),
      h('section', { className: 'card', attrs: { 'aria-labelledby': 'criteria-h' } }, [this.criteriaHeading, this.criteria]),
      h('details', { className: 'card raw' }, [
        h('summary', { text: s.rawAnswer }),
        h('p', { className: 'muted small', text: s.rawNote }),
        this.raw,
      ]),
    ]);
  }

  update(m: TaskViewModel): void {
    this.model = m;
    const { s } = this;
    const c = this.cells;
    setText(c.id, m.id);
    setText(c.status, m.statusLine);
    setText(c.query, m.query ?? '—');
    setText(c.target, m.desiredNumResults === null ? s.notSet : fill(s.highFitTarget, { n: m.desiredNumResults }));
    setText(c.eta, m.eta ?? (m.polling === 'complete' ? s.etaComplete : s.etaUnknown));
    setText(c.rate, m.rate ?? '—');
    setText(c.exhausted, m.isExhausted === null ? '—' : m.isExhausted ? s.exhaustedYes : s.no);
    this.patch('table', `${m.tableId}|${m.tableUrl}`, c.table, () =>
      m.tableId ? [h('code', { text: m.tableId }), ' ', link(s.openTable, m.tableUrl, this.open, s.openTableHint)] : [s.notSet],
    );
    this.patch('sources', JSON.stringify([m.dataSources, m.autoDataSources]), c.sources, () => sourcesText(m, s));
    this.patch('excluded', JSON.stringify(m.excludeDomains), c.excluded, () => domains(m.excludeDomains, s));
    this.patch('criteria', JSON.stringify(m.criteria), this.criteria, () => criteriaList(m.criteria, s));
    setText(this.criteriaHeading, m.criteria ? fill(s.criteriaCount, { n: m.criteria.length }) : s.criteria);
    setText(this.raw, m.raw ?? s.noAnswer);
    this.error.hidden = m.error === null;
    if (m.error) {
      replaceChildren(this.error, [
        h('strong', { text: m.polling === 'polling' ? s.lastCheckFailed : s.notCheckedAnyMore }),
        h('span', { text: m.error.userMessage }),
        h('div', { className: 'muted', text: fill(s.technicalDetail, { detail: m.error.message }) }),
      ]);
    }
    this.tick(Date.now());
  }

  /** Re-renders the relative times; called every second. */
  tick(now: number): void {
    const m = this.model;
    if (!m) return;
    const { s } = this;
    const created = dateTime(m.createdAt);
    const elapsed = m.elapsedMs === null ? null : m.elapsedMs + (m.elapsedRunning ? Math.max(0, now - m.elapsedAt) : 0);
    const took = elapsed === null ? '' : ` · ${fill(m.elapsedRunning ? s.runningFor : s.took, { time: formatDuration(elapsed, s.time) })}`;
    setText(this.cells.created, created ? `${created}${took}` : '—');
    setText(this.cells.checked, m.lastCheckedAt === null ? s.notCheckedYet : formatRelative(m.lastCheckedAt, now, s.time));
    setText(this.cells.next, nextText(m, now, s));
  }

  private patch(key: keyof DetailsView['keys'], sig: string, el: HTMLElement, build: () => (Node | string)[]): void {
    if (this.keys[key] === sig) return;
    this.keys[key] = sig;
    replaceChildren(el, build());
  }
}

function nextText(m: TaskViewModel, now: number, s: PanelStrings): string {
  switch (m.polling) {
    case 'complete':
      return s.etaComplete;
    case 'not-found':
      return s.nextNotFound;
    case 'plan':
      return s.nextPlan;
    case 'paused':
      return s.nextPaused;
    case 'elsewhere':
      return s.nextElsewhere;
    default:
      return m.nextCheckAt === null ? s.nextNow : formatRelative(m.nextCheckAt, now, s.time);
  }
}

function sourcesText(m: TaskViewModel, s: PanelStrings): string[] {
  const list = m.dataSources === null ? s.notSet : m.dataSources.length ? m.dataSources.join(', ') : s.none;
  if (m.autoDataSources === null) return [list];
  return [fill(m.autoDataSources ? s.sourcesAuto : s.sourcesChosen, { list })];
}

function domains(list: readonly string[] | null, s: PanelStrings): (Node | string)[] {
  if (list === null) return [s.notSet];
  if (list.length === 0) return [s.none];
  if (list.length <= LONG_LIST) return [list.join(', ')];
  return [
    h('details', { className: 'domains' }, [
      h('summary', { text: fill(s.domainCount, { n: list.length }) }),
      h(
        'ul',
        { className: 'domain-list' },
        list.map((d) => h('li', { text: d })),
      ),
    ]),
  ];
}

function criteriaList(criteria: readonly CriterionView[] | null, s: PanelStrings): (Node | string)[] {
  if (criteria === null) return [h('p', { className: 'muted', text: s.notSet })];
  if (criteria.length === 0) return [h('p', { className: 'muted', text: s.none })];
  return [
    h(
      'ol',
      { className: 'criteria-list' },
      criteria.map((c) =>
        h('li', {}, [
          h('div', { className: 'criterion-head' }, [
            h('span', { className: 'criterion-name', text: c.name }),
            h('code', { className: 'criterion-key', text: c.key }),
          ]),
          h('p', { className: 'criterion-text', text: orDash(c.criterion) }),
        ]),
      ),
    ),
  ];
}
