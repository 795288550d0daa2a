/**
 * extruct_getResults: a task's best results, by relevance, with each criterion's grade and explanation.
 * Everything a row says comes from company websites through Extruct, so the rows sit in a data block.
 * Bounded: at most MAX_COUNT rows, texts cut to EXPLANATION_CHARS, the whole within MAX_OUTPUT.
 */
import type { ResultRow, Task } from '../api/types';
import { requestProblem } from './problems';
import { plain } from '../format/plain';
import { isComplete, statusText } from '../model/completion';
import { criterionColumns } from '../results/export';
import type { AllResults } from '../results/paging';
import { DEFAULT_SORT, sortRows } from '../results/sort';
import { DATA_BLOCK_OVERHEAD, dataBlock, fitBlocks, MAX_OUTPUT } from './answer';
import type { AgentContext } from './describe';
import { readInteger, readObject, readTaskId } from './input';

const DEFAULT_COUNT = 10;
const MAX_COUNT = 25;
/** Rows read: the API sends them by relevance, so the best 25 are in the first page of 50. */
const RESULT_ROWS_READ = 50;
const EXPLANATION_CHARS = 200;

/** Where extruct_getResults reads. */
export interface ResultSource {
  /** The task's first `maxRows` results, paged (core/results/paging.ts). */
  readResults(id: string, maxRows: number): Promise<AllResults>;
  /** The task as the watch list knows it, if watched. */
  storedTask(id: string): Task | undefined;
}

export async function getResultsAnswer(input: unknown, source: ResultSource, ctx: AgentContext): Promise<string> {
  const fields = readObject(input, ['taskId', 'count']);
  if (!fields.ok) return fields.problem;
  const id = readTaskId(fields.value.taskId);
  if (!id.ok) return id.problem;
  const count = readInteger(fields.value.count, 'count', 1, MAX_COUNT, DEFAULT_COUNT);
  if (!count.ok) return count.problem;

  const all = await source.readResults(id.value, RESULT_ROWS_READ);
  if (all.error && all.rows.length === 0) return `Could not read the results of task ${id.value}. ${requestProblem(all.error, id.value)}`;
  return resultsText(id.value, all, all.task ?? source.storedTask(id.value), count.value, ctx);
}

/** The answer for rows already read: pure, for the tool and its tests. */
export function resultsText(id: string, all: AllResults, task: Task | undefined, count: number, ctx: AgentContext): string {
  const rows = sortRows(all.rows.map(sortable), DEFAULT_SORT)
    .slice(0, count)
    .map((r) => r.row);
  const columns = criterionColumns(task, all.rows);
  const names = new Map(columns.map((c) => [c.key, c.name]));
  const running = task !== undefined && !isComplete(task);
  const status = task ? plain(statusText(task.status), 60) : '';
  if (rows.length === 0) {
    return running
      ? `Extruct task ${id} has no results yet (it is ${status}). Results appear as candidates are evaluated; ask again in a few minutes.`
      : `Extruct task ${id} has no results.`;
  }
  const criteria = columns.length ? [`Criteria: ${columns.map((c) => `${plain(c.name, 80)} [${plain(c.key, 64)}]`).join('; ')}`] : [];
  const query = task?.query ? plain(task.query, 150) : '';
  const authored = query ? [`Query: ${query}`] : [];
  const notes = [
    'Grades are per criterion, from 1 (does not fit) to 5 (fits well). Texts are cut to 200 characters.',
    ...(all.error ? [`Note: reading stopped early (${requestProblem(all.error, id)}); these are the rows read.`] : []),
  ];
  const fixed = [...notes, ...authored, ...criteria].join('\n').length + DATA_BLOCK_OVERHEAD + 800;
  const { shown, left } = fitBlocks(
    rows.map((r, i) => rowText(r, i + 1, names)),
    MAX_OUTPUT - fixed,
  );
  const total = task ? ` of ${task.num_results}` : '';
  const state = task ? ` The task is ${status}${running ? ': more results may come and the order may change' : ''}.` : '';
  const head = `Top ${shown.length}${total} results of Extruct task ${id}, by relevance.${state}`;
  const tail =
    left > 0
      ? [
          `(${left} more of the ${rows.length} asked for left out to stay within ${MAX_OUTPUT.toLocaleString('en')} characters; ask for fewer to see them.)`,
        ]
      : [];
  return [head, ...notes, '', ...dataBlock([...authored, ...criteria, ...shown], ctx.nonce), ...tail].join('\n');
}

function sortable(row: ResultRow): {
  id: string;
  name: string | null;
  website: string | null;
  description: string | null;
  relevance: number | null;
  scores: ResultRow['scores'];
  row: ResultRow;
} {
  return {
    id: row.id,
    name: row.company_name,
    website: row.company_website,
    description: row.company_description,
    relevance: row.relevance,
    scores: row.scores,
    row,
  };
}

function rowText(row: ResultRow, n: number, names: ReadonlyMap<string, string>): string {
  const cut = (s: string): string => plain(s, EXPLANATION_CHARS);
  const name = row.company_name ? plain(row.company_name, 120) : '';
  const title = [name || '(no name)'];
  if (row.company_website) title.push(plain(row.company_website, 120));
  if (row.relevance !== null) title.push(`relevance ${Number.isInteger(row.relevance) ? row.relevance : row.relevance.toFixed(2)}`);
  const lines = [`${n}. ${title.join(' — ')}`];
  const location = [row.hq_city, row.hq_state_province, row.hq_country].map((p) => (p ? plain(p, 60) : '')).filter(Boolean);
  const facts = [
    location.length ? location.join(', ') : undefined,
    row.founding_year !== null ? `founded ${row.founding_year}` : undefined,
    row.employee_count ? `${plain(row.employee_count, 40)} employees` : undefined,
  ].filter((f) => f !== undefined);
  if (facts.length) lines.push(`   ${facts.join(' · ')}`);
  const about = row.company_description ? cut(row.company_description) : '';
  if (about) lines.push(`   About: ${about}`);
  for (const [key, score] of Object.entries(row.scores).slice(0, 20)) {
    const grade = score.grade === null ? 'not graded' : `${score.grade}/5`;
    const explanation = score.explanation ? cut(score.explanation) : '';
    lines.push(`   - ${plain(names.get(key) ?? key, 80)}: ${grade}${explanation ? ` — ${explanation}` : ''}`);
  }
  const justification = row.justification ? cut(row.justification) : '';
  if (justification) lines.push(`   Justification: ${justification}`);
  return lines.join('\n');
}
