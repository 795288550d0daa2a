// Which UUIDs are task IDs (src/core/input/taskMentions.ts), on the official Extruct CLI's real output
// (extruct-ai/skills, skills/extruct-api/scripts/extruct-api: `_json_print` writes
// `json.dumps(payload, separators=(",", ":"), ensure_ascii=False)`, or `indent=2` with --pretty), and on
// what scripts, notebooks, Markdown and logs hold.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clipboardTaskIds, findTaskMentions, MAX_MENTIONS, type TaskMention } from '../../src/core/input/taskMentions';
import { KnownTasks } from '../../src/core/input/knownTasks';

const TASK = 'd530c3ad-626c-4d7b-ab15-181d4058e4f8';
const TABLE = '7f3e2b1a-0c9d-4e8f-a7b6-5c4d3e2f1a0b';
const ROW = '3b9d6f21-5a7c-4e0b-9d8f-1a2b3c4d5e6f';
const OTHER = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

/** A task as `GET /v1/discovery_tasks/{id}` answers (field order as documented). */
const taskObject = {
  id: TASK,
  created_at: '2026-03-02T09:00:00Z',
  status: 'created',
  query: 'Vertical SaaS for freight forwarders in Europe',
  desired_num_results: 100,
  is_exhausted: false,
  num_results_discovered: 0,
  num_results_enriched: 0,
  num_results_evaluated: 0,
  num_results: 0,
  table_id: TABLE,
  auto_data_sources: true,
  data_sources: ['web_search'],
  criteria: [],
  exclude_domains: [],
};
/** Python's json.dumps(payload, separators=(",", ":")): the CLI's default output. */
const compact = (v: unknown): string => JSON.stringify(v);
/** Python's json.dumps(payload, indent=2): the CLI's --pretty output (the same for these values). */
const pretty = (v: unknown): string => JSON.stringify(v, null, 2);

const ids = (mentions: readonly TaskMention[]): string[] => mentions.map((m) => m.id);
const whys = (mentions: readonly TaskMention[]): string[] => mentions.map((m) => m.why);

suite('task IDs where they appear', () => {
  test('`extruct-api deep-search create`: the task in the one line of JSON, not its table', () => {
    const line = compact(taskObject);
    const found = findTaskMentions(line);
    assert.deepEqual(ids(found), [TASK]);
    assert.deepEqual(whys(found), ['task-object']);
    assert.equal(line.slice(found[0]!.start, found[0]!.end), TASK);
  });

  test('--pretty: the whole output in a file says it; one line of it in a terminal only when the account knows the ID', () => {
    const text = pretty(taskObject);
    assert.deepEqual(ids(findTaskMentions(text)), [TASK]);
    const idLine = text.split('\n').find((l) => l.includes(TASK))!;
    assert.equal(idLine, `  "id": "${TASK}",`);
    assert.deepEqual(findTaskMentions(idLine), []);
    const known = new KnownTasks();
    known.add([{ id: TASK.toUpperCase() }]);
    assert.deepEqual(whys(findTaskMentions(idLine, { isKnown: (id) => known.has(id) })), ['known']);
  });

  test('`deep-search results`: the task and each row’s task_id, never a row’s own ID', () => {
    const answer = {
      ...taskObject,
      status: 'done',
      results: [
        {
          id: ROW,
          task_id: TASK,
          company_name: 'Acme',
          company_website: 'acme.com',
          relevance: 100,
          created_at: '2026-03-02T09:10:00Z',
          scores: { has_api: { grade: 5, explanation: 'Public REST API', sources: [] } },
        },
      ],
    };
    for (const text of [compact(answer), pretty(answer)]) {
      const found = findTaskMentions(text);
      assert.deepEqual(ids(found), [TASK, TASK]);
      assert.deepEqual(whys(found), ['task-object', 'task-id-key']);
    }
  });

  test('the command line echoed: `deep-search get|poll|results|resume <id>`', () => {
    for (const line of [
      `$ extruct-api deep-search poll ${TASK} --interval 10`,
      `extruct-api deep-search get --pretty ${TASK}`,
      `extruct-api deep-search results ${TASK} --limit 50`,
      `extruct-api deep-search resume ${TASK} --payload '{"desired_new_results": 25}'`,
    ])
      assert.deepEqual(whys(findTaskMentions(line)), ['cli'], line);
    assert.deepEqual(findTaskMentions(`extruct-api tables get ${OTHER}`), []);
  });

  test('dashboard links to a task, on Extruct’s host or the one set; never a table', () => {
    assert.deepEqual(whys(findTaskMentions(`See https://app.extruct.ai/tasks/${TASK} for details`)), ['dashboard-link']);
    assert.deepEqual(findTaskMentions(`https://example.com/tasks/${TASK}`), []);
    assert.deepEqual(whys(findTaskMentions(`http://localhost:3000/tasks/${TASK}`, { dashboardHosts: ['localhost'] })), ['dashboard-link']);
    const known = (id: string): boolean => id === TABLE;
    assert.deepEqual(findTaskMentions(`https://app.extruct.ai/tables/${TABLE}`, { isKnown: known }), []);
  });

  test('Python, notebooks, JSON, Markdown and logs', () => {
    const cases: Array<[string, string]> = [
      [`task_id = "${TASK}"`, 'task-id-key'],
      [`TASK_ID=${TASK}`, 'task-id-key'],
      [`client.poll(taskId: '${TASK}')`, 'task-id-key'],
      [`"source": ["task_id = \\"${TASK}\\"\\n"]`, 'task-id-key'], // a notebook cell, as .ipynb JSON holds it
      [`{"task_id": "${TASK}"}`, 'task-id-key'],
      [`Task ID: ${TASK}`, 'task-id-key'],
      [`python watch.py --task-id ${TASK}`, 'task-id-key'],
      [`r = requests.get("https://api.extruct.ai/v1/discovery_tasks/${TASK}", headers=h)`, 'api-path'],
      [`2026-03-02 09:00:01 INFO GET /v1/discovery_tasks/${TASK} 200 (35 ms)`, 'api-path'],
      [`print({'id': '${TASK}', 'status': 'in_progress', 'num_results': 3})`, 'task-object'],
    ];
    for (const [text, why] of cases) assert.deepEqual(whys(findTaskMentions(text)), [why], text);
    const list = findTaskMentions(`{"exclude_task_ids": ["${TASK}", "${OTHER}"]}`);
    assert.deepEqual(ids(list), [TASK, OTHER]);
  });

  test('other UUIDs are not tasks: request IDs, tables, rows, prose; unless the account’s list has them', () => {
    for (const text of [
      `request_id=${OTHER}`,
      `{"table_id": "${TABLE}"}`,
      `{"id": "${ROW}", "company_name": "Acme"}`,
      `The run ${OTHER} failed.`,
      `subtask_id: ${OTHER}`,
      `x${TASK}`,
      `${TASK}-1`,
    ])
      assert.deepEqual(findTaskMentions(text), [], text);
    assert.deepEqual(whys(findTaskMentions(`The run ${OTHER} failed.`, { isKnown: (id) => id === OTHER })), ['known']);
  });

  test('the work is bounded: at most MAX_MENTIONS, in order', () => {
    const text = Array.from({ length: MAX_MENTIONS + 50 }, () => `task_id=${TASK}`).join('\n');
    const found = findTaskMentions(text);
    assert.equal(found.length, MAX_MENTIONS);
    assert.ok(found.every((m, i) => i === 0 || m.start > found[i - 1]!.start));
  });

  test('property: every mention is a UUID of the text, lower-cased, in order, never after /tables/', () => {
    const hex = fc.constantFrom(...'0123456789abcdefABCDEF'.split(''));
    const uuid = fc
      .tuple(...[8, 4, 4, 4, 12].map((n) => fc.array(hex, { minLength: n, maxLength: n }).map((a) => a.join(''))))
      .map((parts) => parts.join('-'));
    const piece = fc.oneof(
      uuid,
      fc.constantFrom('task_id=', '"id": "', '/tables/', '/tasks/', 'https://app.extruct.ai', ' ', '\n', '{', '}', '"status": 1', ','),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.boolean(), (pieces, knowAll) => {
        const text = pieces.join('');
        const found = findTaskMentions(text, { isKnown: () => knowAll });
        let last = -1;
        for (const m of found) {
          const raw = text.slice(m.start, m.end);
          assert.equal(raw.toLowerCase(), m.id);
          assert.match(m.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
          assert.ok(m.start > last);
          assert.ok(!text.slice(0, m.start).endsWith('/tables/'));
          last = m.start;
        }
      }),
    );
  });
});

suite('watch from the clipboard', () => {
  const none = (): boolean => false;
  test('IDs and dashboard links alone, as copied', () => {
    assert.deepEqual(clipboardTaskIds(`  ${TASK.toUpperCase()}\n`, none), [TASK]);
    assert.deepEqual(clipboardTaskIds(`https://app.extruct.ai/tasks/${TASK}, ${OTHER}`, none), [TASK, OTHER]);
  });

  test('task IDs in context from copied output; nothing from other text', () => {
    assert.deepEqual(clipboardTaskIds(compact(taskObject), none), [TASK]);
    assert.deepEqual(clipboardTaskIds(`Deep Search started. Task ID: ${TASK}. Poll it.`, none), [TASK]);
    assert.equal(clipboardTaskIds(`The run ${OTHER} failed.`, none), undefined);
    assert.equal(clipboardTaskIds('Vertical SaaS for freight forwarders', none), undefined);
    assert.equal(clipboardTaskIds(`https://app.extruct.ai/tables/${TABLE}`, none), undefined);
    assert.equal(clipboardTaskIds('', none), undefined);
  });

  test('not when every ID is watched already; at most 20', () => {
    assert.equal(
      clipboardTaskIds(TASK, (id) => id === TASK),
      undefined,
    );
    const many = Array.from({ length: 25 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    assert.equal(clipboardTaskIds(many.join('\n'), none)?.length, 20);
  });
});

suite('known tasks', () => {
  test('keeps the most recently seen, case-insensitively', () => {
    const known = new KnownTasks(3);
    known.add([{ id: 'A' }, { id: 'b' }, { id: 'c' }]);
    known.add([{ id: 'a' }, { id: 'd' }]);
    assert.deepEqual(
      ['a', 'b', 'c', 'd'].map((x) => known.has(x)),
      [true, false, true, true],
    );
  });
});
