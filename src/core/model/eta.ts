/**
 * How long a running task has left, for people: "about 4 min left". Shown only when there is an
 * estimate and it holds still.
 *
 * The estimate extrapolates the recent rate of high-fit results (the last RATE_WINDOW_MS of answers) to
 * the target: `(desired − num_results) / rate`. A rate over the whole run (what the polling policy
 * uses, poll/policy.ts) is biased by the time a task spends queued and discovering before its first
 * high-fit result, by stalls, and by resumes; the recent rate follows the task as it is now.
 * bench/eta.ts measures both on the fake workload (bench/RESULTS.md).
 *
 * No estimate while fewer than MIN_SAMPLES answers over at least MIN_SPAN_MS show progress, once the
 * task has run out of candidates (it will end short of the target, and when is not predictable), or
 * while the last estimates disagree by more than SWING (they "swing").
 */
import * as l10n from '@vscode/l10n';
import type { Task } from '../api/types';
import type { TaskStore } from '../store/taskStore';
import type { Disposable } from '../util/emitter';
import { phaseOf } from './completion';

const RATE_WINDOW_MS = 10 * 60_000;
const MIN_SAMPLES = 3;
const MIN_SPAN_MS = 60_000;
const MAX_SAMPLES = 60;
/** Estimates (as end times) that differ by more than this share of the time left are not shown. */
const SWING = 0.25;
const SWING_FLOOR_MS = 60_000;

interface Sample {
  readonly at: number;
  readonly num: number;
  /** The end predicted at this answer, or undefined. */
  readonly endAt?: number;
}

/** The estimate from answers so far (ms left), or undefined. */
function predict(samples: readonly Sample[], task: Task, now: number): number | undefined {
  const target = task.desired_num_results;
  if (!target || task.num_results >= target || phaseOf(task) !== 'in_progress') return undefined;
  const windowed = samples.filter((s) => s.at >= now - RATE_WINDOW_MS);
  // A flat start (before the first high-fit result, or a stall) says nothing about the rate from here on.
  const flat = windowed.findIndex((s) => s.num !== windowed[0]?.num);
  const recent = flat > 0 ? windowed.slice(flat - 1) : windowed.slice(-1);
  const first = recent[0];
  const last = recent.at(-1);
  if (!first || !last || recent.length < MIN_SAMPLES || last.at - first.at < MIN_SPAN_MS) return undefined;
  const rate = (last.num - first.num) / (last.at - first.at);
  if (!(rate > 0)) return undefined;
  return (target - task.num_results) / rate;
}

/** Follows each task's answers and says how long it has left. Pure: time is passed in. */
export class EtaTracker {
  private readonly samples = new Map<string, Sample[]>();

  /** Takes in an answer (the task as it is at `now`). */
  observe(id: string, task: Task, now: number): void {
    if (phaseOf(task) !== 'in_progress') {
      this.samples.delete(id);
      return;
    }
    const list = this.samples.get(id) ?? [];
    const prev = list.at(-1);
    // A task that went back (a resume of a finished one, a reset counter) starts over.
    const base = prev && task.num_results < prev.num ? [] : list;
    const next: Sample = { at: now, num: task.num_results };
    const left = predict([...base, next], task, now);
    base.push(left === undefined ? next : { ...next, endAt: now + left });
    while (base.length > MAX_SAMPLES || (base[0] && base[0].at < now - 2 * RATE_WINDOW_MS)) base.shift();
    this.samples.set(id, base);
  }

  /** Milliseconds left, when the last three estimates agree; undefined otherwise. */
  timeLeft(id: string, now: number): number | undefined {
    const last = (this.samples.get(id) ?? []).slice(-MIN_SAMPLES);
    const ends = last.flatMap((s) => (s.endAt === undefined ? [] : [s.endAt])).sort((a, b) => a - b);
    const [earliest, median, latest] = ends;
    if (last.length < MIN_SAMPLES || ends.length < MIN_SAMPLES || earliest === undefined || median === undefined || latest === undefined)
      return undefined;
    const left = median - now;
    if (left <= 0) return undefined;
    return latest - earliest > Math.max(SWING_FLOOR_MS, SWING * left) ? undefined : left;
  }

  forget(id: string): void {
    this.samples.delete(id);
  }

  /** Observes every answer the store takes in (this window's and the others'), from now on. */
  follow(store: TaskStore, now: () => number): Disposable {
    return store.onDidChange((changes) => {
      for (const c of changes) {
        if (!c.after) this.forget(c.id);
        else if (c.after.task && c.after.task !== c.before?.task) this.observe(c.id, c.after.task, now());
      }
    });
  }
}

/** The time left, rounded for people: under a minute, minutes (to 5 from 10 on), or hours and minutes (to 10). */
function rounded(ms: number): { readonly min?: number; readonly h?: number; readonly m?: number } {
  if (ms < 60_000) return {};
  const min = ms / 60_000;
  if (min < 10) return { min: Math.round(min) };
  if (min < 60) return { min: Math.round(min / 5) * 5 };
  const tens = Math.round(min / 10) * 10;
  return { h: Math.floor(tens / 60), m: tens % 60 };
}

/** "less than a minute left", "about 4 min left", "about 25 min left", "about 1 h 20 min left". */
export function etaText(ms: number): string {
  const { min, h, m } = rounded(ms);
  if (min !== undefined) return l10n.t('about {0} min left', min);
  if (h === undefined) return l10n.t('less than a minute left');
  return m ? l10n.t('about {0} h {1} min left', h, m) : l10n.t('about {0} h left', h);
}

/** The same at the start of a sentence: "Less than a minute left", "About 4 min left". */
export function etaSentence(ms: number): string {
  const { min, h, m } = rounded(ms);
  if (min !== undefined) return l10n.t('About {0} min left', min);
  if (h === undefined) return l10n.t('Less than a minute left');
  return m ? l10n.t('About {0} h {1} min left', h, m) : l10n.t('About {0} h left', h);
}

/** High-fit results a minute over the run, from creation to `until` (now, or when it ended); undefined before the first. */
export function ratePerMinute(task: Task, until: number): number | undefined {
  const created = task.created_at ? Date.parse(task.created_at) : NaN;
  if (Number.isNaN(created) || until <= created || task.num_results <= 0) return undefined;
  return task.num_results / ((until - created) / 60_000);
}
