// Small pure rules the commands rely on: command arguments, resume limits, durations in words, the
// wording of token and resume refusals, and the settings' defaults agreeing with package.json.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_BASE_URL } from '../../src/core/input/baseUrl';
import { givenTaskId, nodeTaskId, withSelection } from '../../src/core/input/commandArg';
import { DEFAULT_DASHBOARD_URL } from '../../src/core/input/taskRef';
import { resumeRefusal, tokenCheckMessage } from '../../src/core/format/errorText';
import { duration as formatDuration, relative as formatRelative } from '../../src/core/format/timeWords';
import { RESULT_CAP, maxNewResults, resumeBlocker, validateNewResults } from '../../src/core/model/resume';
import { DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS, baseInterval } from '../../src/core/poll/policy';
import { ID1, ID2, ID3, task } from './support/tasks';

suite('command arguments', () => {
  test('a task node, a funnel row or an ID string names a task; anything else does not', () => {
    assert.equal(nodeTaskId({ kind: 'task', id: ID1 }), ID1);
    assert.equal(nodeTaskId({ kind: 'stage', taskId: ID2, index: 3 }), ID2);
    for (const arg of [undefined, null, 42, ID1, {}, { kind: 'task' }, { kind: 'task', id: 7 }, { kind: 'other', id: ID1 }, [ID1]]) {
      assert.equal(nodeTaskId(arg), undefined, JSON.stringify(arg));
    }
    assert.equal(givenTaskId(`  ${ID1.toUpperCase()} `), ID1, 'an ID as typed or pasted');
    assert.equal(givenTaskId({ kind: 'task', id: ID3 }), ID3);
    assert.equal(givenTaskId(undefined), undefined, 'the palette: nothing given');
  });

  test('the selection counts only when the clicked item is part of it and the command takes several', () => {
    const sel = [{ kind: 'task', id: ID1 }, { kind: 'task', id: ID2 }, { kind: 'stage', taskId: ID2, index: 0 }, 'junk'];
    assert.deepEqual(withSelection(ID1, sel, true), [ID1, ID2], 'deduplicated');
    assert.deepEqual(withSelection(ID1, sel, false), [ID1], 'a one-task command');
    assert.deepEqual(withSelection(ID3, sel, true), [ID3], 'clicked outside the selection');
    assert.deepEqual(withSelection(ID1, undefined, true), [ID1]);
  });
});

suite('resume rules', () => {
  test('only a finished, not exhausted task below the cap can be resumed', () => {
    assert.match(resumeBlocker(undefined) ?? '', /not been loaded/);
    assert.match(resumeBlocker(task({ status: 'in_progress' })) ?? '', /still running/);
    assert.match(resumeBlocker(task({ status: 'done', is_exhausted: true })) ?? '', /exhausted.*Start a new task/);
    assert.match(resumeBlocker(task({ status: 'done', desired_num_results: RESULT_CAP })) ?? '', /maximum of 250/);
    assert.equal(resumeBlocker(task({ status: 'done', desired_num_results: 100 })), undefined);
  });

  test('how many more: 1 up to what the cap leaves, whole numbers only', () => {
    const t = task({ status: 'done', desired_num_results: 240 });
    assert.equal(maxNewResults(t), 10);
    assert.equal(maxNewResults(task({ desired_num_results: null })), RESULT_CAP);
    assert.equal(validateNewResults(' 10 ', t), undefined);
    assert.equal(validateNewResults('1', t), undefined);
    for (const bad of ['0', '11', '-1', '2.5', 'ten', '', '1e1']) assert.match(validateNewResults(bad, t) ?? '', /from 1 to 10/, bad);
  });

  test('each refusal says why and what to do', () => {
    const t = task({ status: 'done', desired_num_results: 100 });
    assert.match(resumeRefusal({ kind: 'bad-request', message: 'HTTP 400' }, '"X"', 5, t), /may be exhausted.*start a new task/);
    assert.match(
      resumeRefusal({ kind: 'bad-request', message: 'HTTP 400', detail: 'Task is exhausted' }, '"X"', 5, t),
      /HTTP 400: Task is exhausted\)\. There are no more candidates/,
    );
    assert.doesNotMatch(
      resumeRefusal({ kind: 'bad-request', message: 'HTTP 400', detail: 'Task is running' }, '"X"', 5, t),
      /no more candidates/,
      'another reason is not called exhaustion',
    );
    assert.match(resumeRefusal({ kind: 'validation', message: 'HTTP 422' }, '"X"', 500, t), /refused 500 new results.*1 to 150 more/);
    assert.match(resumeRefusal({ kind: 'plan', message: 'HTTP 402', detail: 'insufficient_credits' }, '"X"', 5, t), /out of credits/);
    assert.match(resumeRefusal({ kind: 'not-found', message: 'HTTP 404' }, '"X"', 5, t), /no task "X".*Check the ID/);
    assert.match(resumeRefusal({ kind: 'server', message: 'HTTP 503' }, '"X"', 5, t), /Resuming "X" failed: HTTP 503\. Try again/);
  });

  test('a token that cannot be checked is not called a wrong one', () => {
    assert.match(tokenCheckMessage({ kind: 'auth', message: 'HTTP 401', status: 401 }), /rejected this token \(HTTP 401\)/);
    assert.match(tokenCheckMessage({ kind: 'network', message: 'connection refused' }), /Could not reach Extruct.*connection refused/);
    assert.match(tokenCheckMessage({ kind: 'timeout', message: 'no answer in 15 s' }), /Could not reach Extruct/);
    assert.match(
      tokenCheckMessage({ kind: 'plan', message: 'HTTP 402', detail: 'plan_required' }),
      /accepted the token but refused the account \(HTTP 402 plan_required\)/,
    );
  });
});

suite('durations in words', () => {
  test('seconds, minutes, hours, days, with the smaller unit only when it is not zero', () => {
    const cases: Array<[number, string]> = [
      [-5_000, '0 s'],
      [0, '0 s'],
      [499, '0 s'],
      [59_400, '59 s'],
      [59_600, '1 min'],
      [60_000, '1 min'],
      [192_000, '3 min 12 s'],
      [3_600_000, '1 h'],
      [7_500_000, '2 h 5 min'],
      [47 * 3_600_000, '47 h'],
      [48 * 3_600_000, '2 days'],
      [80 * 3_600_000, '3 days'],
    ];
    for (const [ms, words] of cases) assert.equal(formatDuration(ms), words, String(ms));
  });

  test('relative to now, within a second and a half counts as now', () => {
    const now = 1_000_000;
    assert.equal(formatRelative(now, now), 'just now');
    assert.equal(formatRelative(now - 1_400, now), 'just now');
    assert.equal(formatRelative(now + 1_400, now), 'in a moment');
    assert.equal(formatRelative(now - 12_000, now), '12 s ago');
    assert.equal(formatRelative(now + 8_000, now), 'in 8 s');
    assert.equal(formatRelative(now - 3 * 60_000, now), '3 min ago');
  });
});

suite('settings defaults', () => {
  test('the code falls back to the defaults package.json declares', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown; minimum?: number }> } };
    };
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['extruct.apiBaseUrl']?.default, DEFAULT_BASE_URL);
    assert.equal(props['extruct.dashboardUrl']?.default, DEFAULT_DASHBOARD_URL);
    const poll = props['extruct.pollInterval'];
    assert.ok(poll);
    assert.equal(poll.default, DEFAULT_INTERVAL_MS / 1000);
    assert.equal(poll.minimum, MIN_INTERVAL_MS / 1000);
    assert.equal(baseInterval(1_000), MIN_INTERVAL_MS, 'a smaller value in the settings file is raised');
  });
});
