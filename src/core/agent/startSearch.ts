/**
 * extruct_startDeepSearch: starts a Deep Search (POST /v1/discovery_tasks) and watches it. It spends the
 * user's credits, so, in this order: the request is checked (nothing is asked about an invalid one); a
 * missing token is said at once; the credit guard's budget must allow it (creditGuard.ts); the host asks
 * the user (the extension's own modal, which a chat cannot approve for them); only then is it sent.
 */
import type { ApiError, Result } from '../api/errors';
import type { CreateTaskBody, Task } from '../api/types';
import { createRefusal } from '../format/errorText';
import { NO_TOKEN_FOR_TOOLS, requestProblem } from './problems';
import { plain } from '../format/plain';
import { stepName } from '../input/searchForm';
import { stepOfField, toCreateBody } from '../model/newSearch';
import { dataBlock } from './answer';
import { type SearchConfirmation, searchConfirmation } from './confirmation';
import type { CreditGuard } from './creditGuard';
import type { AgentContext } from './describe';
import { readSearchDraft } from './searchInput';

/** What starting a search needs from the host. */
export interface SearchStarter {
  readonly tokenUsable: boolean;
  readonly guard: CreditGuard;
  /** The chat request this call belongs to (requestKeys.ts). */
  readonly requestKey: string;
  /** Asks the user; true when they agreed (or turned the question off). */
  confirm(c: SearchConfirmation): Promise<boolean>;
  create(body: CreateTaskBody): Promise<Result<Task>>;
  /** Watches the new task; false when the watch list is full. */
  watchCreated(task: Task): Promise<boolean>;
  log(message: string): void;
}

const NOT_STARTED = 'The Deep Search was not started';

/** What is wrong with a start's input, as the answer says it; undefined when it is valid. Checked before anyone is asked. */
export function searchInputProblem(input: unknown): string | undefined {
  const draft = readSearchDraft(input);
  return draft.ok ? undefined : `${NOT_STARTED}: ${draft.problem}`;
}

/** The MCP server's start (src/mcp/) when no VS Code window is open to ask the user. */
export const NO_WINDOW_TO_ASK = `${NOT_STARTED}: no VS Code window with Extruct Task Watcher is open to ask the user, and only the user can agree to spend credits. Ask them to open VS Code, or to start it there with "Extruct: New Deep Search…".`;

/** The MCP server's start when the window asked did not answer within `minutes`. */
export function unansweredAsk(minutes: number): string {
  return `${NOT_STARTED} from here: the user did not answer VS Code's dialog within ${minutes} minutes. If they still agree in that dialog, the search starts and shows in the watch list: check with extruct_listTasks before asking again.`;
}

export async function startSearchAnswer(input: unknown, host: SearchStarter, ctx: AgentContext): Promise<string> {
  const draft = readSearchDraft(input);
  if (!draft.ok) return `${NOT_STARTED}: ${draft.problem}`;
  if (!host.tokenUsable) return `${NOT_STARTED}. ${NO_TOKEN_FOR_TOOLS}`;
  const reservation = host.guard.reserve(host.requestKey, draft.value.desiredNumResults);
  if (!reservation.ok) return `${NOT_STARTED}. ${reservation.reason}`;
  const { ticket } = reservation;
  let agreed: boolean;
  try {
    agreed = await host.confirm(searchConfirmation(draft.value));
  } catch (e) {
    ticket.released();
    throw e;
  }
  if (!agreed) {
    ticket.declined();
    return `${NOT_STARTED}: the user declined it in VS Code's dialog. Do not ask again in this request; if they want a search, they will say so.`;
  }
  const r = await host.create(toCreateBody(draft.value));
  if (!r.ok) {
    // A timeout may have started it: its results keep counting, as a started search's would.
    if (r.error.kind === 'timeout') ticket.started();
    else ticket.released();
    host.log(`A chat tool's Deep Search was not started: ${r.error.message}`);
    return `${NOT_STARTED}. ${refusal(r.error)}`;
  }
  ticket.started();
  const watched = await host.watchCreated(r.value);
  const task = r.value;
  return [
    `Started Extruct Deep Search ${task.id}: ${task.desired_num_results ?? draft.value.desiredNumResults} high-fit results wanted; status now: ${plain(task.status, 40)}.`,
    ...dataBlock([`Query: ${plain(draft.value.query, 2_000)}`], ctx.nonce),
    watched
      ? 'It is watched in the Extruct view in VS Code, which shows its progress and notifies the user when it ends. The extruct_getTask tool reports its progress; extruct_getResults lists its results.'
      : 'It could not be added to the watch list, which is full: ask the user to run "Extruct: Clear Finished", then watch it with the extruct_watchTask tool.',
  ].join('\n');
}

function refusal(error: ApiError): string {
  if (error.kind === 'auth') return requestProblem(error, 'the new search');
  const step = error.fields?.map(stepOfField).find((s) => s !== undefined);
  return createRefusal(error, step ? stepName(step) : undefined);
}
