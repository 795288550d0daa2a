#!/usr/bin/env node
// `npm run bench`: builds, runs the benchmarks in bench/, prints their figures against the targets and
// writes bench/results.json (git-ignored). Not part of `npm test`: timings are recorded, never pass/fail.
//
//   efficiency  the real scheduler on a simulated clock, with and without the sweep, vs fixed 10 s polling,
//               seeds 1–5; pages of 20 in three orders against the oracle's floor; a single task; the
//               sweep's threshold (bench/efficiency.ts)
//   follow      following the account for tasks started elsewhere: requests per hour, idle (focused or
//               not) and while the sweep runs, and the delay to the announcement (bench/follow.ts)
//   scale       1 000 watched tasks: scheduler tick (polled one by one, and swept), one status change,
//               store heap (bench/scale.ts)
//   tree        200 and 1 000 watched tasks, swept: scheduler tick, one sweep's tree work, sectioned tree vs
//               the flat one it replaced (bench/tree.ts)
//   writes      bytes written to storage per hour with 50 watched tasks, 0.1 vs the shared folder (bench/writes.ts)
//   eta         the error of "about N min left" at 25/50/75 % of a task, two estimators (bench/eta.ts)
//   startup     production bundle, webview assets, .vsix, activation (bench/startup.ts)
//   mcp         the MCP server's start (spawn → tools/list) and memory, beside the runtime alone and the
//               same tools on @modelcontextprotocol/sdk (bench/mcp.ts)
//
// The startup stage makes a production build, packages the .vsix, measures activation in the real
// VS Code (bench/activation.mjs, median of several window loads), then restores the development build.
import fs from 'node:fs';
import { BUDGET } from '../test/package/budget.mjs';
import os from 'node:os';
import path from 'node:path';
import { ensureDependencies, root, run, seconds } from './lib.mjs';

const started = Date.now();
const outDir = path.join(root, 'out/bench');
const VSIX = 'dist-vsix/extruct-task-watcher.vsix';

async function step(what, cmd, args) {
  const r = await run(cmd, args);
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}); see the output above.`);
}

function machine() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism(),
    cpu: model,
    memoryGB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

const read = (name) => JSON.parse(fs.readFileSync(path.join(outDir, `${name}.json`), 'utf8'));
const f = (n, d = 1) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(d) : String(n));
const within = (ok) => (ok ? 'yes' : 'NO');

/** The follower's rows: requests per hour and the announcement delay, on the newest-first list of 100 a page and the shuffled one. */
function followRows(follow) {
  const name = { focused: 'idle, focused', unfocused: 'idle, unfocused', sweep: 'while sweeping' };
  const list = { newest100: 'newest first', shuffled50: 'shuffled, 50/page' };
  return follow.results
    .filter((x) => x.scenario in name && x.list in list)
    .map((x) => [
      `following the account, ${name[x.scenario]} (${list[x.list]}): requests/hour, creation → announcement`,
      `${f(x.followRequestsPerHour)}/h${x.delay.n ? `, median ${f(x.delay.median)} s, p95 ${f(x.delay.p95)} s` : ', nothing told until a window is focused'}${x.twice ? `, ${x.twice} told twice` : ''}`,
      'info',
      '',
    ]);
}

function summary(r) {
  const e = r.efficiency;
  const s = r.scale;
  const w = r.writes.normal;
  const mb = (b) => `${f(b / 1024 / 1024, 2)} MB`;
  const u = r.startup;
  const kb = (b) => (b === null || b === undefined ? 'missing' : `${f(b / 1024)} KB`);
  const a = u.activation;
  const m = r.mcp.figures;
  const act =
    a.activationMs !== undefined
      ? `${f(a.activationMs)} ms CPU median${a.wallMs !== undefined ? ` (wall ${f(a.wallMs)} ms)` : ''}${a.runs ? ` of ${a.runs} loads` : ''}${a.vscode ? `, VS Code ${a.vscode}` : ''}${a.measuredAt ? `, ${a.measuredAt}` : ''} (${a.source})`
      : a.source;
  const sw = e.sweepFocused;
  const g = e.goal;
  const seeds = `seeds ${e.seeds.join(', ')}`;
  const single = e.singleTask;
  const threshold = e.thresholds.rows.find((x) => x.threshold === e.sweep.minTasks);
  const rows = [
    [
      `sweep: requests vs fixed 10 s polling (focused, ${seeds})`,
      `${f(sw.ratio, 3)}× (${sw.listRequests} list + ${sw.getRequests} GET / ${e.fixed.requests})`,
      '≤ 0.1×',
      within(sw.ratio <= 0.1),
    ],
    [
      'sweep: completion-detection delay (focused)',
      `median ${f(sw.medianDelayS)} s, p95 ${f(sw.p95DelayS)} s (fixed: ${f(e.fixed.p95DelayS)} s), max ${f(sw.maxDelayS)} s`,
      'median ≤ 6 s, p95 ≤ fixed',
      within(g.met.median && g.met.p95),
    ],
    [
      'sweep: failures vs completions (median / p95)',
      `failed ${f(sw.byKind.failed.medianS)} / ${f(sw.byKind.failed.p95S)} s, done ${f(sw.byKind.done.medianS)} / ${f(sw.byKind.done.p95S)} s`,
      'as fast',
      within(g.met.failures),
    ],
    ...e.paged
      .filter((p) => p.key !== 'sweep')
      .map((p) => [
        `sweep: ${p.name.replace(/^sweep, /, '')}: requests, p95 (missed)`,
        `${f(p.ratio, 3)}× (floor ${p.floorRatio === undefined ? '–' : `${f(p.floorRatio, 3)}×`}), p95 ${f(p.p95S)} s (fixed ${f(p.fixedP95S)} s)${p.met.missed ? '' : ', MISSED'}`,
        '≤ 0.1×, p95 ≤ fixed',
        within(p.met.requests && p.met.p95 && p.met.missed),
      ]),
    [
      'sweep: a single watched task vs adaptive',
      `${single.reduce((a, x) => a + x.sweep.requests, 0)} vs ${single.reduce((a, x) => a + x.adaptive.requests, 0)} requests (${seeds})`,
      'no worse',
      within(single.every((x) => x.sweep.requests <= x.adaptive.requests && x.sweep.medianDelayS <= x.adaptive.medianDelayS)),
    ],
    [
      `sweep threshold ${e.sweep.minTasks}: 2–6 tasks, 100 tasks`,
      threshold
        ? `${f(threshold.small.ratio, 2)}× (p95 ${f(threshold.small.p95DelayS)} s), ${f(threshold.full.ratio, 3)}× (p95 ${f(threshold.full.p95DelayS)} s)`
        : 'missing',
      'info',
      '',
    ],
    [
      'sweep, unfocused window: requests, detection delay',
      `${f(e.sweepUnfocused.ratio, 3)}×, median ${f(e.sweepUnfocused.medianDelayS)} s (p95 ${f(e.sweepUnfocused.p95DelayS)} s)`,
      'info',
      '',
    ],
    ...followRows(r.follow),
    [
      'adaptive policy alone: requests vs fixed (focused)',
      `${f(e.ratio, 2)}× (${e.focused.requests} / ${e.fixed.requests})`,
      '≤ 0.6×',
      within(e.ratio <= 0.6),
    ],
    [
      'requests after completion (adaptive, sweep)',
      `${e.focused.requestsAfterCompletion}, ${sw.requestsAfterCompletion}`,
      '0',
      within(e.focused.requestsAfterCompletion === 0 && sw.requestsAfterCompletion === 0),
    ],
    [
      'adaptive alone: completion-detection delay (focused)',
      `${f(e.focused.medianDelayS)} s (p95 ${f(e.focused.p95DelayS)} s)`,
      '≤ 10 s',
      within(e.focused.medianDelayS <= 10),
    ],
    ['fixed 10 s polling: detection delay', `median ${f(e.fixed.medianDelayS)} s (p95 ${f(e.fixed.p95DelayS)} s)`, 'info', ''],
    [
      'adaptive alone, unfocused window',
      `${f(e.unfocused.requests / e.fixed.requests, 2)}×, median ${f(e.unfocused.medianDelayS)} s (p95 ${f(e.unfocused.p95DelayS)} s)`,
      'info',
      '',
    ],
    [
      'scheduler tick, 1 000 tasks',
      `${f(s.tickMs.cpuMean, 3)} ms CPU mean (wall p50 ${f(s.tickMs.p50, 3)}, p99 ${f(s.tickMs.p99, 3)})`,
      '≤ 5 ms',
      within(s.tickMs.cpuMean <= 5),
    ],
    [
      'scheduler tick, 1 000 tasks, with the sweep',
      s.sweep
        ? `${f(s.sweep.tickMs.cpuMean, 3)} ms CPU mean (wall p50 ${f(s.sweep.tickMs.p50, 3)}, p99 ${f(s.sweep.tickMs.p99, 3)}); list page answer p50 ${f(s.sweep.listAnswerMs.p50, 3)} ms`
        : 'missing',
      '≤ 5 ms',
      s.sweep ? within(s.sweep.tickMs.cpuMean <= 5) : '',
    ],
    [
      'one status change + tree work',
      `${f(s.changeMs.cpuMean, 3)} ms CPU mean (wall p50 ${f(s.changeMs.p50, 3)}, p99 ${f(s.changeMs.p99, 3)})`,
      '≤ 1 ms',
      within(s.changeMs.cpuMean <= 1),
    ],
    ...[200, 1000].map((n) => {
      const t = r.tree[`sectioned${n}`];
      const flat = r.tree[`flat${n}`];
      return [
        `one sweep's tree work, ${n} tasks (flat tree before)`,
        `${f(t.perSweep.cpuMs.mean, 2)} ms CPU mean, p95 ${f(t.perSweep.cpuMs.p95, 2)} (flat: ${f(flat.perSweep.cpuMs.mean, 1)}); ${f(t.perSweep.events, 1)} refresh naming ${f(t.perSweep.elements, 1)} elements for ${f(t.perSweep.changed, 1)} rows changed (flat: ${f(flat.perSweep.events, 1)} refreshes, ${f(flat.perSweep.items, 0)} items); tick ${f(t.tickCpuMs, 3)} ms CPU`,
        '≤ 1 refresh, ≤ changed + 1',
        within(t.perSweep.maxEvents <= 1 && t.perSweep.elements <= t.perSweep.changed + 1),
      ];
    }),
    [
      'store heap, 1 000 tasks',
      `${f(s.heapMB.store, 2)} MB${s.heapMB.gcExposed ? '' : ' (no --expose-gc)'}`,
      '≤ 20 MB',
      within(s.heapMB.store <= 20),
    ],
    ...r.eta.rows
      .filter((x) => x.estimator.startsWith('shown'))
      .map((x) => [
        `time left at ${x.progress * 100} %: median error (coverage)`,
        `${f(x.medianAbsS, 0)} s (${f(x.coverage * 100, 0)} %), whole-run extrapolation ${f(r.eta.rows.find((y) => y.progress === x.progress && !y.estimator.startsWith('shown')).medianAbsS, 0)} s`,
        'info',
        '',
      ]),
    [
      'bytes written per hour, 50 running tasks',
      `${mb(w.after.bytes)} (0.1: ${mb(w.before.bytes)}; ${f(w.after.bytes / w.before.bytes, 3)}×)`,
      '≤ 0.1× of 0.1',
      within(w.after.bytes <= 0.1 * w.before.bytes),
    ],
    [
      'extension bundle (production)',
      kb(u.bundleBytes),
      `≤ ${kb(BUDGET.extensionBundle)}`,
      within(u.bundleBytes !== null && u.bundleBytes <= BUDGET.extensionBundle),
    ],
    ['webview assets', kb(u.webviewBytes), `≤ ${kb(BUDGET.webviewAssets)}`, within(u.webviewBytes <= BUDGET.webviewAssets)],
    ['.vsix', kb(u.vsixBytes), `≤ ${kb(BUDGET.vsix)}`, within(u.vsixBytes !== null && u.vsixBytes <= BUDGET.vsix)],
    ['activation (real VS Code)', act, '≤ 10 ms', a.activationMs === undefined ? '' : within(a.activationMs <= 10)],
    [
      `MCP server: spawn → tools/list, RSS (${r.mcp.tasks} watched tasks)`,
      `${f(m.ours.startMs.median)} ms median, ${f(m.ours.rssMB.median)} MB (runtime alone: ${f(m.floor.startMs.median)} ms, ${f(m.floor.rssMB.median)} MB; on the SDK: ${f(m.sdk.startMs.median)} ms, ${f(m.sdk.rssMB.median)} MB)`,
      'info',
      '',
    ],
    ['MCP server bundle (production)', `${kb(r.mcp.bytes.ours)} (the SDK's McpServer alone: ${kb(r.mcp.bytes.sdk)})`, 'info', ''],
  ];
  return ['| measure | result | target | within |', '|:--|:--|:--|:--|', ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

try {
  ensureDependencies();
  fs.rmSync(outDir, { recursive: true, force: true });
  await step('The build', 'node', ['esbuild.mjs']);
  console.log('\n=== efficiency');
  await step('bench/efficiency', 'node', ['out/bench/efficiency.mjs', '--json', path.join(outDir, 'efficiency.json')]);
  console.log('\n=== follow');
  await step('bench/follow', 'node', ['out/bench/follow.mjs', '--json', path.join(outDir, 'follow.json')]);
  console.log('\n=== scale');
  await step('bench/scale', 'node', ['--expose-gc', 'out/bench/scale.mjs', '--json', path.join(outDir, 'scale.json')]);
  console.log('\n=== tree');
  await step('bench/tree', 'node', ['out/bench/tree.mjs', '--json', path.join(outDir, 'tree.json')]);
  console.log('\n=== eta');
  await step('bench/eta', 'node', ['out/bench/eta.mjs', '--json', path.join(outDir, 'eta.json')]);
  console.log('\n=== writes');
  await step('bench/writes', 'node', ['out/bench/writes.mjs', '--json', path.join(outDir, 'writes.json')]);
  console.log('\n=== startup');
  try {
    await step('The production build', 'node', ['esbuild.mjs', '--production']);
    // Always a fresh package, so the sizes and the activation time are of this very build.
    fs.mkdirSync(path.join(root, 'dist-vsix'), { recursive: true });
    await step('vsce package', 'node', ['node_modules/@vscode/vsce/vsce', 'package', '--out', VSIX]);
    await step('bench/activation (real VS Code)', 'node', ['bench/activation.mjs']);
    await step('bench/startup', 'node', ['out/bench/startup.mjs', '--json', path.join(outDir, 'startup.json')]);
    console.log('\n=== mcp');
    await step('bench/mcp', 'node', ['out/bench/mcp.mjs', '--json', path.join(outDir, 'mcp.json')]);
  } finally {
    await step('Restoring the development build', 'node', ['esbuild.mjs']);
  }
  const results = {
    machine: machine(),
    efficiency: read('efficiency'),
    follow: read('follow'),
    scale: read('scale'),
    tree: read('tree'),
    writes: read('writes'),
    eta: read('eta'),
    startup: read('startup'),
    mcp: read('mcp'),
  };
  fs.writeFileSync(path.join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const m = results.machine;
  console.log(`\n=== summary (${m.date}; ${m.nproc} × ${m.cpu}, ${m.memoryGB} GB, Node ${m.node}, load ${m.loadAverage.join(' ')})\n`);
  console.log(summary(results));
  console.log(`\nWrote bench/results.json in ${seconds(started)}. Timings vary with the machine and its load; they are never pass/fail.`);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
