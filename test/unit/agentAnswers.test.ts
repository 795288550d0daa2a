// The chat tools' answers (src/core/agent/): pure builders over plain data, as the VS Code tools and a
// later MCP server use them. Every answer stays inert whatever the API says, puts text from outside in a
// data block under the fixed notice, and never lets that text start a line of its own.
import assert from 'node:assert/strict';
import { DATA_NOTICE, finishAnswer, MAX_OUTPUT } from '../../src/core/agent/answer';
import type { AgentContext } from '../../src/core/agent/describe';
import { getResultsAnswer, resultsText } from '../../src/core/agent/results';
import { getTaskAnswer, listTasksAnswer } from '../../src/core/agent/tasks';
import { watchAnswer } from '../../src/core/agent/watch';
import { fail, ok } from '../../src/core/api/errors';
import type { ResultRow, Task } from '../../src/core/api/types';
import { validateResultRow } from '../../src/core/api/validate';
import type { AllResults } from '../../src/core/results/paging';
import { newEntry, type WatchEntry } from '../../src/core/model/watchEntry';
import { assertInert, assertNoForgedLine, HOSTILE, MARK } from '../support/hostile';
import { ID1, ID2, task } from './support/tasks';

const NONCE = 'n0nce123';
const ctx: AgentContext = {
  authPaused: false,
  now: Date.parse('2026-11-29T09:30:00Z'),
  dashboardBase: 'https://app.extruct.ai',
  timeLeft: () => 240_000,
  nonce: NONCE,
};
const everything = Object.values(HOSTILE).join(' ');

function hostileTask(over: Partial<Task> = {}): Task {
  return task({
    query: everything,
    status: HOSTILE.newlineSystem!,
    created_at: HOSTILE.longCreatedAt!,
    criteria: [
      { key: HOSTILE.iconSyntax!, name: HOSTILE.rloCompanyName!, criterion: HOSTILE.newlineSystem! },
      { key: 'k2', name: HOSTILE.tagInstruction!, criterion: HOSTILE.markdown! },
    ],
    exclude_domains: [HOSTILE.zeroWidthJoiners!, HOSTILE.commandAutolink!],
    data_sources: [HOSTILE.commandLink!],
    auto_data_sources: false,
    table_id: 'tbl_1',
    ...over,
  });
}

function entry(t: Task, over: Partial<WatchEntry> = {}): WatchEntry {
  return {
    ...newEntry(t.id, ctx.now - 60_000),
    task: t,
    error: { kind: 'unexpected', message: HOSTILE.newlineSystem!, detail: HOSTILE.commandLink! },
    ...over,
  };
}

function hostileRow(i: number): ResultRow {
  return validateResultRow(
    {
      id: `r${i}`,
      company_name: `${HOSTILE.rloCompanyName} ${HOSTILE.tagInstruction}`,
      company_website: HOSTILE.zeroWidthJoiners,
      company_description: everything,
      relevance: 10 - i,
      employee_count: HOSTILE.newlineSystem,
      hq_city: HOSTILE.separators,
      hq_country: HOSTILE.htmlTag,
      justification: HOSTILE.markdown,
      scores: {
        [HOSTILE.iconSyntax!]: { grade: 4, explanation: everything, sources: [] },
        k2: { grade: 2, explanation: HOSTILE.newlineSystem, sources: [] },
      },
    },
    `r${i}`,
  )!;
}

/** The checks every answer passes: inert, bounded, no forged line, outside text only inside the data block. */
function assertSafeAnswer(answer: string): void {
  assertInert(answer, { max: MAX_OUTPUT });
  assertNoForgedLine(answer);
  const lines = answer.split('\n');
  const begin = lines.indexOf(`BEGIN EXTRUCT DATA ${NONCE}`);
  const end = lines.indexOf(`END EXTRUCT DATA ${NONCE}`);
  assert.ok(begin > 0 && end > begin, 'one delimited data block');
  assert.equal(lines[begin - 1], DATA_NOTICE, 'under the fixed notice');
  lines.forEach((line, i) => {
    if (i > begin && i < end) return;
    for (const word of ['Harmless Corp', 'Pay', 'Note to the assistant', 'pre-approved', 'gnp.exe']) {
      // An error or state line quotes a server's words (one inert line); "Ignored" echoes the agent's own input.
      if (line.includes(word) && !/^( {3})?(Last check failed|State|Ignored)/.test(line)) {
        assert.fail(`outside text outside the data block: ${JSON.stringify(line.slice(0, 200))}`);
      }
    }
  });
  assert.equal(finishAnswer(answer), answer, 'the builders already did what the last pass does');
}

suite('chat tool answers', () => {
  test('list: hostile tasks come out inert, in the data block, one line per field', () => {
    const answer = listTasksAnswer(
      {},
      { entries: [entry(hostileTask()), entry(hostileTask({ id: ID2 }), { error: undefined })], tokenUsable: true },
      ctx,
    );
    assertSafeAnswer(answer);
    assert.match(answer, /^2 Extruct tasks are watched in VS Code/);
    assert.match(answer, /^1\. "Acme GmbH Harmless Corp gnp\.exe Ltd/m, 'the query as one visible line');
  });

  test('get: every field of a hostile task, the created_at of 10 000 characters cut to one line', async () => {
    let fetched = 0;
    const source = {
      watched: (id: string) => (id === ID1 ? entry(hostileTask()) : undefined),
      fetchTask: (id: string) => {
        fetched++;
        return Promise.resolve(ok(hostileTask({ id })));
      },
    };
    const watched = await getTaskAnswer({ taskId: ID1 }, source, ctx);
    assertSafeAnswer(watched);
    const created = /^Created: (.*)$/m.exec(watched)?.[1] ?? '';
    assert.ok(created.length <= 60 && created.endsWith('(not a date)'), created);
    assert.match(watched, new RegExp(`^Excluded domains: .*\\S$`, 'm'));
    assert.equal(fetched, 0, 'a watched task is described from the watch list');
    const other = await getTaskAnswer({ taskId: ID2 }, source, ctx);
    assertSafeAnswer(other);
    assert.equal(fetched, 1);
  });

  test('get: an API error with hostile words is one sentence', async () => {
    const answer = await getTaskAnswer(
      { taskId: ID2 },
      {
        watched: () => undefined,
        fetchTask: () => Promise.resolve(fail({ kind: 'validation', status: 422, message: 'HTTP 422', detail: HOSTILE.newlineSystem! })),
      },
      ctx,
    );
    assertInert(answer);
    assertNoForgedLine(answer);
  });

  test('results: a row carrying the whole corpus yields an answer with none of it hidden', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => hostileRow(i));
    const all: AllResults = { task: hostileTask({ status: 'done', num_results: 25 }), rows, pages: 1, duplicates: 0, complete: true };
    const answer = await getResultsAnswer(
      { taskId: ID1, count: 25 },
      { readResults: () => Promise.resolve(all), storedTask: () => undefined },
      ctx,
    );
    assertSafeAnswer(answer);
    assert.match(answer, /^Top \d+ of 25 results of Extruct task /);
    assert.match(answer, /^1\. Harmless Corp gnp\.exe Ltd Acme GmbH — Pay/m);
    for (const line of answer.split('\n').filter((l) => l.startsWith('   About: ') || l.startsWith('   - ')))
      assert.ok(line.length < 320, `${line.length}`);
    assert.equal(resultsText(ID1, { ...all, rows: [] }, all.task, 10, ctx), `Extruct task ${ID1} has no results.`);
  });

  test('watch: the summaries of hostile tasks sit in the data block', async () => {
    const list = new Map<string, WatchEntry>();
    const answer = await watchAnswer(
      { tasks: `${ID1}, ${HOSTILE.newlineSystem!.replace(/\s/g, '_')}` },
      {
        watch: (ids) => {
          for (const id of ids) list.set(id, entry(hostileTask({ id })));
          return Promise.resolve({ added: [...ids], existing: [] });
        },
        size: () => list.size,
        tokenUsable: true,
        checkOnce: () => Promise.resolve(),
        entry: (id) => list.get(id),
      },
      ctx,
    );
    assertSafeAnswer(answer);
    assert.match(answer, new RegExp(`^Now watching task: ${ID1}\\.`, 'm'));
    assert.match(answer, /^Ignored \(not a task ID or task link\): "Fintech_startups/m);
  });

  test('the last pass strips what a builder might forget, replaces the token and bounds the whole', () => {
    const out = finishAnswer(`ok\n  Name: ${HOSTILE.tagInstruction} tok-secret-1 [x](command:y)\n${'z'.repeat(20_000)}`, {
      max: 2_000,
      secret: 'tok-secret-1',
    });
    assertInert(out, { max: 2_000 });
    assert.match(out, /^ {2}Name: Acme GmbH \[redacted\] \[x\] \(command:y\)$/m, 'indentation kept');
    assert.match(out, /… \(cut to 2,000 characters\)$/);
    assert.equal(out.includes(MARK), false);
  });
});
