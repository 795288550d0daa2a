/**
 * What Extruct's own CLI (extruct-ai/skills, skills/extruct-api/scripts/extruct-api) does for
 * `extruct-api deep-search create --payload '…'`: POST /v1/discovery_tasks with the token, then print the
 * answer as one line of JSON (`json.dumps(payload, separators=(",", ":"), ensure_ascii=False)`). The
 * tests use it to start a task behind the extension's back, on the fake API's own endpoint.
 */
import * as assert from 'node:assert/strict';
import type { Harness } from './helpers';

export async function createLikeTheCli(
  h: Harness,
  payload: { readonly query: string; readonly desired_num_results?: number },
): Promise<{ readonly id: string; readonly line: string }> {
  const res = await fetch(`${h.fake.url}/v1/discovery_tasks`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${h.fake.token}`, Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const task = (await res.json()) as { id: string };
  return { id: task.id, line: JSON.stringify(task) };
}
