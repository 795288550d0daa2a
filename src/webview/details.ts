/** The details grid (every field of the task), the error banner and the criteria list. */
import type { CriterionView, TaskViewModel } from '../protocol/messages';
import { h, link, orDash, replaceChildren, setText } from './dom';
import { formatDuration as duration, formatRelative as relative } from '../core/format/time';
import { dateTime } from './time';

const LONG_LIST = 8;

type Row =
  'id' | 'status' | 'query' | 'created' | 'target' | 'eta' | 'rate' | 'exhausted' | 'table' | 'sources' | 'excluded' | 'checked' | 'next';
const LABELS: Record<Row, string> = {
  id: 'Task ID',
  status: 'Status',
  query: 'Query',
  created: 'Created',
  target: 'Results wanted',
  eta: 'Time left',
  rate: 'Rate',
  exhausted: 'Exhausted',
  table: 'AI Table',
  sources: 'Data sources',
  excluded: 'Excluded domains',
  checked: 'Last checked',
  next: 'Next check',
};

export class DetailsView {
  readonly root: HTMLElement;
  private readonly cells = {} as Record<Row, HTMLElement>;
  private readonly error = h('div', { className: 'error-banner', attrs: { role: 'alert' } });
  private readonly criteria = h('div', { className: 'criteria' });
  private readonly criteriaHeading = h('h2', { text: 'Criteria', attrs: { id: 'criteria-h' } });
  private readonly raw = h('pre', { className: 'raw-json' });
  private keys = { table: '', sources: '', excluded: '', criteria: '' };
  private model: TaskViewModel | undefined;

  constructor(private readonly open: (url: string) => void) {
    const grid = h('dl', { className: 'grid' });
    for (const row of Object.keys(LABELS) as Row[]) {
      this.cells[row] = h('dd', { className: `cell-${row}` });
      grid.append(h('div', { className: 'grid-row' }, [h('dt', { text: LABELS[row] }), this.cells[row]]));
    }
    this.error.hidden = true;
    this.root = h('div', { className: 'details' }, [
      this.error,
      h('section', { className: 'card', attrs: { 'aria-labelledby': 'details-h' } }, [
        h('h2', { text: 'Details', attrs: { id: 'details-h' } }),
        grid,
      ]),
      h('section', { className: 'card', attrs: { 'aria-labelledby': 'criteria-h' } }, [this.criteriaHeading, this.criteria]),
      h('details', { className: 'card raw' }, [
        h('summary', { text: 'Raw answer' }),
        h('p', { className: 'muted small', text: 'The last answer of the API as read, unknown fields included (timestamps in UTC).' }),
        this.raw,
      ]),
    ]);
  }

  update(m: TaskViewModel): void {
    this.model = m;
    const c = this.cells;
    setText(c.id, m.id);
    setText(c.status, m.statusLine);
    setText(c.query, m.query ?? '—');
    setText(c.target, m.desiredNumResults === null ? 'not set' : `${m.desiredNumResults} high-fit`);
    setText(c.eta, m.eta ?? (m.polling === 'complete' ? 'none: the task is complete' : 'no steady estimate yet'));
    setText(c.rate, m.rate ?? '—');
    setText(c.exhausted, m.isExhausted === null ? '—' : m.isExhausted ? 'yes: no more candidates to discover' : 'no');
    this.patch('table', `${m.tableId}|${m.tableUrl}`, c.table, () =>
      m.tableId
        ? [h('code', { text: m.tableId }), ' ', link('open the table', m.tableUrl, this.open, 'Open the AI Table in Extruct')]
        : ['not set'],
    );
    this.patch('sources', JSON.stringify([m.dataSources, m.autoDataSources]), c.sources, () => sourcesText(m));
    this.patch('excluded', JSON.stringify(m.excludeDomains), c.excluded, () => domains(m.excludeDomains));
    this.patch('criteria', JSON.stringify(m.criteria), this.criteria, () => criteriaList(m.criteria));
    setText(this.criteriaHeading, m.criteria ? `Criteria (${m.criteria.length})` : 'Criteria');
    setText(this.raw, m.raw ?? 'No answer yet.');
    this.error.hidden = m.error === null;
    if (m.error) {
      replaceChildren(this.error, [
        h('strong', { text: m.polling === 'polling' ? 'The last check failed. ' : 'Not checked any more. ' }),
        h('span', { text: m.error.userMessage }),
        h('div', { className: 'muted', text: `Technical detail: ${m.error.message}` }),
      ]);
    }
    this.tick(Date.now());
  }

  /** Re-renders the relative times; called every second. */
  tick(now: number): void {
    const m = this.model;
    if (!m) return;
    const created = dateTime(m.createdAt);
    const elapsed = m.elapsedMs === null ? null : m.elapsedMs + (m.elapsedRunning ? Math.max(0, now - m.elapsedAt) : 0);
    const took = elapsed === null ? '' : ` · ${m.elapsedRunning ? 'running for' : 'took'} ${duration(elapsed)}`;
    setText(this.cells.created, created ? `${created}${took}` : '—');
    setText(this.cells.checked, m.lastCheckedAt === null ? 'not checked yet' : relative(m.lastCheckedAt, now));
    setText(this.cells.next, nextText(m, now));
  }

  private patch(key: keyof DetailsView['keys'], sig: string, el: HTMLElement, build: () => (Node | string)[]): void {
    if (this.keys[key] === sig) return;
    this.keys[key] = sig;
    replaceChildren(el, build());
  }
}

function nextText(m: TaskViewModel, now: number): string {
  switch (m.polling) {
    case 'complete':
      return 'none: the task is complete';
    case 'not-found':
      return 'none: Extruct does not know this task';
    case 'plan':
      return 'none: stopped by your plan or credits';
    case 'paused':
      return 'paused until an API token is set';
    case 'elsewhere':
      return 'by another VS Code window';
    default:
      return m.nextCheckAt === null ? 'now' : relative(m.nextCheckAt, now);
  }
}

function sourcesText(m: TaskViewModel): string[] {
  const list = m.dataSources === null ? 'not set' : m.dataSources.length ? m.dataSources.join(', ') : 'none';
  const auto = m.autoDataSources === null ? '' : m.autoDataSources ? ' · chosen automatically' : ' · chosen by you';
  return [`${list}${auto}`];
}

function domains(list: readonly string[] | null): (Node | string)[] {
  if (list === null) return ['not set'];
  if (list.length === 0) return ['none'];
  if (list.length <= LONG_LIST) return [list.join(', ')];
  return [
    h('details', { className: 'domains' }, [
      h('summary', { text: `${list.length} domains` }),
      h(
        'ul',
        { className: 'domain-list' },
        list.map((d) => h('li', { text: d })),
      ),
    ]),
  ];
}

function criteriaList(criteria: readonly CriterionView[] | null): (Node | string)[] {
  if (criteria === null) return [h('p', { className: 'muted', text: 'not set' })];
  if (criteria.length === 0) return [h('p', { className: 'muted', text: 'none' })];
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
