/** The results section: load/export buttons, a filter box and a sortable table with expandable rows. */
import { DEFAULT_SORT, type SortColumn, type SortSpec, filterRows, nextSort, sortRows } from '../core/results/sort';
import type { BusyAction, PanelAction, ResultsView, RowView, TaskViewModel } from '../protocol/messages';
import { button, h, link, orDash, replaceChildren, setText } from './dom';

const MAX_RENDERED = 500;

export class ResultsSection {
  readonly root: HTMLElement;
  private readonly status = h('span', { className: 'results-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly load = button('Load results', 'cloud-download', 'Load the results of this task');
  private readonly exportButton = button('Export…', 'save-as', 'Export the results as CSV or JSON');
  private readonly filter = h('input', {
    className: 'filter',
    attrs: { type: 'search', placeholder: 'Filter by name, website or description', 'aria-label': 'Filter results' },
  });
  private readonly caption = h('caption');
  private readonly headRow = h('tr');
  private readonly body = h('tbody');
  private readonly table = h('table', { className: 'results-table' }, [this.caption, h('thead', {}, [this.headRow]), this.body]);
  private readonly note = h('p', { className: 'muted' });
  private results: ResultsView | undefined;
  private sort: SortSpec = DEFAULT_SORT;
  private readonly expanded = new Set<string>();
  private filterTimer: ReturnType<typeof setTimeout> | undefined;
  private headKey = '';

  constructor(
    send: (a: PanelAction) => void,
    private readonly open: (url: string) => void,
  ) {
    this.load.addEventListener('click', () => send('loadResults'));
    this.exportButton.addEventListener('click', () => send('exportResults'));
    this.filter.addEventListener('input', () => {
      clearTimeout(this.filterTimer);
      this.filterTimer = setTimeout(() => this.renderBody(), 150);
    });
    this.table.hidden = true;
    this.filter.hidden = true;
    this.root = h('section', { className: 'card results', attrs: { 'aria-labelledby': 'results-h' } }, [
      h('div', { className: 'results-head' }, [
        h('h2', { text: 'Results', attrs: { id: 'results-h' } }),
        this.status,
        h('span', { className: 'spacer' }),
        this.load,
        this.exportButton,
      ]),
      this.filter,
      h('div', { className: 'table-wrap' }, [this.table]),
      this.note,
    ]);
    this.note.textContent = 'Results are read when you ask, and once when the task completes.';
  }

  updateTask(m: TaskViewModel): void {
    this.exportButton.disabled = m.funnel.length === 0;
  }

  setBusy(action: BusyAction, busy: boolean): void {
    if (action === 'export') this.exportButton.disabled = busy;
  }

  update(r: ResultsView): void {
    this.results = r;
    this.load.disabled = r.state === 'loading';
    const label = this.load.lastElementChild;
    if (label) setText(label, r.state === 'idle' ? 'Load results' : 'Reload results');
    setText(this.status, statusText(r));
    const show = r.rows.length > 0;
    this.table.hidden = !show;
    this.filter.hidden = !show;
    this.note.hidden = r.state !== 'idle';
    this.renderHead(r);
    this.renderBody();
  }

  private renderHead(r: ResultsView): void {
    const key = JSON.stringify([r.columns, this.sort]);
    if (key === this.headKey) return;
    this.headKey = key;
    const th = (label: string, column: SortColumn | null, title?: string) => {
      const cell = h('th', { attrs: { scope: 'col' } });
      if (!column) {
        cell.textContent = label;
        return cell;
      }
      const active = this.sort.column === column;
      cell.setAttribute('aria-sort', active ? this.sort.direction : 'none');
      const b = h('button', { className: 'sort', text: label, attrs: { type: 'button', title: title ?? `Sort by ${label}` } });
      b.append(
        h('i', {
          className: `codicon codicon-${active ? (this.sort.direction === 'ascending' ? 'arrow-up' : 'arrow-down') : 'blank'}`,
          attrs: { 'aria-hidden': 'true' },
        }),
      );
      b.addEventListener('click', () => {
        this.sort = nextSort(this.sort, column);
        this.renderHead(r);
        this.renderBody();
      });
      cell.append(b);
      return cell;
    };
    replaceChildren(this.headRow, [
      h('th', { attrs: { scope: 'col' } }, [h('span', { className: 'visually-hidden', text: 'Expand' })]),
      th('Company', 'name'),
      th('Relevance', 'relevance'),
      ...r.columns.map((c) => th(c.name, `criterion:${c.key}`, `Sort by the grade for "${c.name}"`)),
    ]);
  }

  private renderBody(): void {
    const r = this.results;
    if (!r) return;
    const shown = sortRows(filterRows(r.rows, this.filter.value), this.sort);
    const capped = shown.slice(0, MAX_RENDERED);
    const cols = r.columns.length + 3;
    replaceChildren(
      this.body,
      capped.flatMap((row, i) => this.rowElements(row, i, r, cols)),
    );
    const filtered = shown.length !== r.rows.length ? `${shown.length} of ${r.rows.length} shown (filtered)` : `${r.rows.length} companies`;
    setText(
      this.caption,
      `Results: ${filtered}${capped.length < shown.length ? `; the first ${capped.length} are listed` : ''}. Sorted by ${describeSort(this.sort, r)}.`,
    );
  }

  private rowElements(row: RowView, index: number, r: ResultsView, cols: number): HTMLElement[] {
    const open = this.expanded.has(row.id);
    const detailId = `detail-${index}`;
    const toggle = h('button', {
      className: 'icon-button expand',
      attrs: {
        type: 'button',
        'aria-expanded': String(open),
        'aria-controls': detailId,
        'aria-label': `Details for ${row.name ?? row.website ?? 'this company'}`,
      },
    });
    const chevron = h('i', { className: `codicon codicon-chevron-${open ? 'down' : 'right'}`, attrs: { 'aria-hidden': 'true' } });
    toggle.append(chevron);
    const cell = h('td', { attrs: { colspan: String(cols) } }, open ? this.detail(row, r) : []);
    const detail = h('tr', { className: 'detail-row', attrs: { id: detailId } }, [cell]);
    detail.hidden = !open;
    toggle.addEventListener('click', () => {
      const now = !this.expanded.has(row.id);
      if (now) this.expanded.add(row.id);
      else this.expanded.delete(row.id);
      toggle.setAttribute('aria-expanded', String(now));
      chevron.className = `codicon codicon-chevron-${now ? 'down' : 'right'}`;
      replaceChildren(cell, now ? this.detail(row, r) : []);
      detail.hidden = !now;
    });
    const facts = [
      row.location,
      row.foundingYear !== null ? `founded ${row.foundingYear}` : null,
      row.employeeCount ? `${row.employeeCount} employees` : null,
    ].filter((x): x is string => !!x);
    const company = h('td', { className: 'company' }, [
      h('div', { className: 'company-name', text: orDash(row.name) }),
      row.website
        ? link(row.website, row.websiteUrl, this.open, `Open the website of ${row.name ?? row.website}`)
        : h('span', { className: 'muted', text: 'no website' }),
      h('div', { className: 'muted small', text: facts.length ? facts.join(' · ') : '—' }),
    ]);
    const main = h('tr', { className: 'result-row' }, [
      h('td', {}, [toggle]),
      company,
      h('td', { className: 'num', text: orDash(row.relevance) }),
      ...r.columns.map((c) => h('td', { className: 'grade-cell' }, [gradeBadge(own(row.scores, c.key)?.grade ?? null, c.name)])),
    ]);
    return [main, detail];
  }

  private detail(row: RowView, r: ResultsView): HTMLElement[] {
    const parts: HTMLElement[] = [h('p', { className: 'description', text: row.fullDescription ?? row.description ?? 'No description.' })];
    if (row.source) parts.push(h('p', { className: 'muted small', text: `Found via ${row.source}` }));
    if (row.justification) parts.push(h('p', {}, [h('strong', { text: 'Justification: ' }), row.justification]));
    const scored = r.columns.filter((c) => own(row.scores, c.key));
    if (scored.length === 0 && !row.justification) parts.push(h('p', { className: 'muted', text: 'No scores for this row.' }));
    if (scored.length) {
      parts.push(
        h(
          'dl',
          { className: 'scores' },
          scored.flatMap((c) => {
            const s = own(row.scores, c.key);
            if (!s) return [];
            const sources = s.sources.map((u, i) => link(`source ${i + 1}`, u, this.open, `Source ${i + 1} for ${c.name}: ${u}`));
            return [
              h('dt', {}, [gradeBadge(s.grade, c.name), ' ', c.name]),
              h('dd', {}, [
                h('span', { text: s.explanation ?? 'No explanation.' }),
                ...(sources.length ? [h('span', { className: 'sources' }, sources)] : []),
              ]),
            ];
          }),
        ),
      );
    }
    return parts;
  }
}

function gradeBadge(grade: number | null, criterion: string): HTMLElement {
  const ok = grade !== null && grade >= 1 && grade <= 5;
  return h('span', {
    className: `grade ${ok ? `grade-${grade}` : 'grade-none'}`,
    text: ok ? String(grade) : '–',
    attrs: {
      title: ok ? `${criterion}: grade ${grade} of 5` : `${criterion}: not graded`,
      'aria-label': ok ? `grade ${grade} of 5` : 'not graded',
    },
  });
}

function statusText(r: ResultsView): string {
  switch (r.state) {
    case 'idle':
      return 'not loaded';
    case 'loading':
      return 'loading…';
    case 'error':
      return `could not load all results: ${r.error ?? 'unknown error'}${r.rows.length ? ` (${r.rows.length}${r.total !== null ? ` of ${r.total}` : ''} read)` : ''}`;
    default:
      return `${r.rows.length}${r.total !== null && r.total !== r.rows.length ? ` of ${r.total}` : ''} loaded${r.partial ? ' · the task is still running, more may come' : ''}`;
  }
}

function describeSort(s: SortSpec, r: ResultsView): string {
  const name =
    s.column === 'relevance'
      ? 'relevance'
      : s.column === 'name'
        ? 'company name'
        : (r.columns.find((c) => `criterion:${c.key}` === s.column)?.name ?? 'criterion');
  return `${name}, ${s.direction}`;
}

/** A row's score for a criterion key; only its own keys count ("constructor" is not a score). */
function own<T>(scores: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(scores, key) ? scores[key] : undefined;
}
