/** The results section: load/export buttons, a filter box and a sortable table with expandable rows. */
import { fill } from '../core/format/fill';
import { DEFAULT_SORT, type SortColumn, type SortSpec, filterRows, nextSort, sortRows } from '../core/results/sort';
import type { BusyAction, PanelAction, PanelStrings, ResultsView, RowView, TaskViewModel } from '../protocol/messages';
import { button, h, link, orDash, replaceChildren, setText } from './dom';

const MAX_RENDERED = 500;

export class ResultsSection {
  readonly root: HTMLElement;
  private readonly status = h('span', { className: 'results-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly load: HTMLButtonElement;
  private readonly exportButton: HTMLButtonElement;
  private readonly filter: HTMLInputElement;
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
    private readonly s: PanelStrings,
  ) {
    this.load = button(s.loadResults, 'cloud-download', s.loadResultsHint);
    this.exportButton = button(s.export, 'save-as', s.exportHint);
    this.filter = h('input', {
      className: 'filter',
      attrs: { type: 'search', placeholder: s.filterPlaceholder, 'aria-label': s.filterLabel },
    });
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
        h('h2', { text: s.results, attrs: { id: 'results-h' } }),
        this.status,
        h('span', { className: 'spacer' }),
        this.load,
        this.exportButton,
      ]),
      this.filter,
      h('div', { className: 'table-wrap' }, [this.table]),
      this.note,
    ]);
    this.note.textContent = s.resultsNote;
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
    if (label) setText(label, r.state === 'idle' ? this.s.loadResults : this.s.reloadResults);
    setText(this.status, statusText(r, this.s));
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
    const { s } = this;
    const th = (label: string, column: SortColumn | null, title?: string) => {
      const cell = h('th', { attrs: { scope: 'col' } });
      if (!column) {
        cell.textContent = label;
        return cell;
      }
      const active = this.sort.column === column;
      cell.setAttribute('aria-sort', active ? this.sort.direction : 'none');
      const b = h('button', {
        className: 'sort',
        text: label,
        attrs: { type: 'button', title: title ?? fill(s.sortBy, { column: label }) },
      });
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
      h('th', { attrs: { scope: 'col' } }, [h('span', { className: 'visually-hidden', text: s.expand })]),
      th(s.company, 'name'),
      th(s.relevance, 'relevance'),
      ...r.columns.map((c) => th(c.name, `criterion:${c.key}`, fill(s.sortByGrade, { criterion: c.name }))),
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
    const { s } = this;
    const rows =
      shown.length !== r.rows.length
        ? fill(s.shownFiltered, { shown: shown.length, total: r.rows.length })
        : fill(s.companies, { n: r.rows.length });
    const sort = describeSort(this.sort, r, s);
    setText(
      this.caption,
      capped.length < shown.length ? fill(s.captionCapped, { rows, listed: capped.length, sort }) : fill(s.caption, { rows, sort }),
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
        'aria-label': fill(this.s.detailsFor, { company: row.name ?? row.website ?? this.s.thisCompany }),
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
    const { s } = this;
    const facts = [
      row.location,
      row.foundingYear !== null ? fill(s.founded, { year: row.foundingYear }) : null,
      row.employeeCount ? fill(s.employees, { count: row.employeeCount }) : null,
    ].filter((x): x is string => !!x);
    const company = h('td', { className: 'company' }, [
      h('div', { className: 'company-name', text: orDash(row.name) }),
      row.website
        ? link(row.website, row.websiteUrl, this.open, fill(s.openWebsite, { company: row.name ?? row.website }))
        : h('span', { className: 'muted', text: s.noWebsite }),
      h('div', { className: 'muted small', text: facts.length ? facts.join(' · ') : '—' }),
    ]);
    const main = h('tr', { className: 'result-row' }, [
      h('td', {}, [toggle]),
      company,
      h('td', { className: 'num', text: orDash(row.relevance) }),
      ...r.columns.map((c) => h('td', { className: 'grade-cell' }, [gradeBadge(own(row.scores, c.key)?.grade ?? null, c.name, s)])),
    ]);
    return [main, detail];
  }

  private detail(row: RowView, r: ResultsView): HTMLElement[] {
    const { s } = this;
    const parts: HTMLElement[] = [h('p', { className: 'description', text: row.fullDescription ?? row.description ?? s.noDescription })];
    if (row.source) parts.push(h('p', { className: 'muted small', text: fill(s.foundVia, { source: row.source }) }));
    if (row.justification) parts.push(h('p', {}, [h('strong', { text: s.justification }), row.justification]));
    const scored = r.columns.filter((c) => own(row.scores, c.key));
    if (scored.length === 0 && !row.justification) parts.push(h('p', { className: 'muted', text: s.noScores }));
    if (scored.length) {
      parts.push(
        h(
          'dl',
          { className: 'scores' },
          scored.flatMap((c) => {
            const score = own(row.scores, c.key);
            if (!score) return [];
            const sources = score.sources.map((u, i) =>
              link(fill(s.source, { n: i + 1 }), u, this.open, fill(s.sourceFor, { n: i + 1, criterion: c.name, url: u })),
            );
            return [
              h('dt', {}, [gradeBadge(score.grade, c.name, s), ' ', c.name]),
              h('dd', {}, [
                h('span', { text: score.explanation ?? s.noExplanation }),
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

function gradeBadge(grade: number | null, criterion: string, s: PanelStrings): HTMLElement {
  const ok = grade !== null && grade >= 1 && grade <= 5;
  return h('span', {
    className: `grade ${ok ? `grade-${grade}` : 'grade-none'}`,
    text: ok ? String(grade) : '–',
    attrs: {
      title: ok ? fill(s.gradeTitle, { criterion, grade }) : fill(s.notGradedTitle, { criterion }),
      'aria-label': ok ? fill(s.grade, { grade }) : s.notGraded,
    },
  });
}

function statusText(r: ResultsView, s: PanelStrings): string {
  switch (r.state) {
    case 'idle':
      return s.notLoaded;
    case 'loading':
      return s.loading;
    case 'error': {
      const error = r.error ?? s.unknownError;
      if (!r.rows.length) return fill(s.loadFailed, { error });
      return r.total !== null
        ? fill(s.loadFailedReadOf, { error, read: r.rows.length, total: r.total })
        : fill(s.loadFailedRead, { error, read: r.rows.length });
    }
    default: {
      const of = r.total !== null && r.total !== r.rows.length;
      const args = { n: r.rows.length, total: r.total ?? '' };
      if (r.partial) return fill(of ? s.loadedOfRunning : s.loadedRunning, args);
      return fill(of ? s.loadedOf : s.loaded, args);
    }
  }
}

function describeSort(sort: SortSpec, r: ResultsView, s: PanelStrings): string {
  const column =
    sort.column === 'relevance'
      ? s.sortRelevance
      : sort.column === 'name'
        ? s.sortName
        : (r.columns.find((c) => `criterion:${c.key}` === sort.column)?.name ?? s.sortCriterion);
  return fill(sort.direction === 'ascending' ? s.ascending : s.descending, { column });
}

/** A row's score for a criterion key; only its own keys count ("constructor" is not a score). */
function own<T>(scores: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(scores, key) ? scores[key] : undefined;
}
