/**
 * extruct_getResults: a task's best results, by relevance, with each criterion's grade and explanation.
 * Bounded: at most MAX_COUNT rows, texts cut to EXPLANATION_CHARS, the whole within MAX_OUTPUT.
 */
import { shorten } from '../../core/format/text';
import { statusText, isComplete } from '../../core/model/completion';
import { criterionColumns } from '../../core/results/export';
import { fetchAllResults } from '../../core/results/paging';
import { DEFAULT_SORT, sortRows } from '../../core/results/sort';
import type { RowView } from '../../protocol/view';
import { rowView } from '../panel/viewModel';
import type { Services } from '../services';
import { fitBlocks, MAX_OUTPUT, readInteger, readObject, readTaskId } from './common';
import { requestProblem } from '../../core/format/errorText';

const DEFAULT_COUNT = 10;
const MAX_COUNT = 25;
/** Rows read: the API sends them by relevance, so the best 25 are in the first page of 50. */
const ROWS_READ = 50;
const EXPLANATION_CHARS = 200;

export async function getResults(services: Services, input: unknown): Promise<string> {
  const fields = readObject(input, ['taskId', 'count']);
  if (!fields.ok) return fields.problem;
  const id = readTaskId(fields.value.taskId);
  if (!id.ok) return id.problem;
  const count = readInteger(fields.value.count, 'count', 1, MAX_COUNT, DEFAULT_COUNT);
  if (!count.ok) return count.problem;

  const all = await fetchAllResults((page) => services.client.getResults(id.value, page), { maxRows: ROWS_READ });
  if (all.error && all.rows.length === 0) return `Could not read the results of task ${id.value}. ${requestProblem(all.error, id.value)}`;
  const task = all.task ?? services.store.get(id.value)?.task;
  const rows = sortRows(all.rows.map(rowView), DEFAULT_SORT).slice(0, count.value);
  const columns = criterionColumns(task, all.rows);
  const names = new Map(columns.map((c) => [c.key, c.name]));

  const name = `Extruct task ${id.value}${task?.query?.trim() ? ` ("${shorten(task.query, 150)}")` : ''}`;
  const running = task !== undefined && !isComplete(task);
  if (rows.length === 0) {
    return running
      ? `${name} has no results yet (it is ${statusText(task.status)}). Results appear as candidates are evaluated; ask again in a few minutes.`
      : `${name} has no results.`;
  }
  const notes = ['Grades are per criterion, from 1 (does not fit) to 5 (fits well). Texts are cut to 200 characters.'];
  if (columns.length) notes.push(`Criteria: ${columns.map((c) => `${shorten(c.name, 80)} [${shorten(c.key, 64)}]`).join('; ')}`);
  if (all.error) notes.push(`Note: reading stopped early (${requestProblem(all.error, id.value)}); these are the rows read.`);
  const { shown, left } = fitBlocks(
    rows.map((r, i) => rowText(r, i + 1, names)),
    MAX_OUTPUT - notes.join('\n').length - 800,
  );
  const total = task ? ` of ${task.num_results}` : '';
  const state = task ? ` The task is ${statusText(task.status)}${running ? ': more results may come and the order may change' : ''}.` : '';
  const head = `Top ${shown.length}${total} results of ${name}, by relevance.${state}`;
  const tail =
    left > 0
      ? [
          `(${left} more of the ${rows.length} asked for left out to stay within ${MAX_OUTPUT.toLocaleString('en')} characters; ask for fewer to see them.)`,
        ]
      : [];
  return [head, ...notes, '', ...shown, ...tail].join('\n');
}

function rowText(row: RowView, n: number, names: ReadonlyMap<string, string>): string {
  const cut = (s: string): string => shorten(s, EXPLANATION_CHARS);
  const title = [row.name?.trim() ? shorten(row.name, 120) : '(no name)'];
  if (row.website) title.push(shorten(row.website, 120));
  if (row.relevance !== null) title.push(`relevance ${Number.isInteger(row.relevance) ? row.relevance : row.relevance.toFixed(2)}`);
  const lines = [`${n}. ${title.join(' — ')}`];
  const facts = [
    row.location ? shorten(row.location, 100) : undefined,
    row.foundingYear !== null ? `founded ${row.foundingYear}` : undefined,
    row.employeeCount ? `${shorten(row.employeeCount, 40)} employees` : undefined,
  ].filter((f) => f !== undefined);
  if (facts.length) lines.push(`   ${facts.join(' · ')}`);
  if (row.description?.trim()) lines.push(`   About: ${cut(row.description)}`);
  for (const [key, score] of Object.entries(row.scores)) {
    const grade = score.grade === null ? 'not graded' : `${score.grade}/5`;
    const why = score.explanation?.trim() ? ` — ${cut(score.explanation)}` : '';
    lines.push(`   - ${shorten(names.get(key) ?? key, 80)}: ${grade}${why}`);
  }
  if (row.justification?.trim()) lines.push(`   Justification: ${cut(row.justification)}`);
  return lines.join('\n');
}
