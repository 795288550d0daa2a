/**
 * Following the account in the real extension host, against the fake API in its realistic mode (the
 * list in an unspecified order, pages capped at 50): a Deep Search started behind the extension's back,
 * through the fake's own API as Extruct's CLI would, is announced once and watched after "Watch"; with
 * "extruct.newTasks": "watch" it is watched without asking.
 *
 * Looks are made once a minute while a window is in front, and at once when one gets the focus back:
 * the tests give the window the focus back (as a user coming back from a terminal outside VS Code
 * does) rather than wait a minute.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type Harness, integrationSetup, setSetting, waitFor } from './helpers';
import { createLikeTheCli } from './cli';

const MIN = 60_000;

suite('tasks started elsewhere (realistic list)', () => {
  let h: Harness;
  suiteSetup(async () => {
    h = await integrationSetup({ realistic: true });
    // The account's history: finished tasks, created before the extension looked.
    for (let i = 0; i < 8; i++) h.fake.addTask({ query: `earlier search ${i}`, durationMs: MIN, ageMs: (3 + i) * 60 * MIN });
  });
  suiteTeardown(async () => {
    await setSetting('newTasks', 'off');
    h.api.shared.setFocused(vscode.window.state.focused);
    await h.dispose();
  });

  const lists = (): number => h.fake.requests.filter((r) => r.method === 'GET' && r.path === '/v1/discovery_tasks').length;

  /**
   * The window loses the focus and gets it back; resolves once the look that brings (at once, or 10 s
   * after the last one) has read the list.
   */
  async function comeBack(): Promise<void> {
    const before = lists();
    h.api.shared.setFocused(false);
    h.api.shared.setFocused(true);
    await waitFor('a look at the task list', () => lists() > before, 15_000);
    await waitFor('the look done', () => h.api.scheduler.requestsInFlight === 0);
  }

  /** The task the first test had announced (and the user watched, then dropped). */
  let announced: string | undefined;

  test('"ask": announced once, in words; watched after "Watch"', async () => {
    await setSetting('newTasks', 'ask');
    await comeBack(); // the first look: only sets the mark
    h.fake.advance(5_000); // the fake's clock is frozen: what is created next is created later
    const shownBefore = h.shown.length;
    const { id } = await createLikeTheCli(h, { query: 'Dental clinic chains in Ohio', desired_num_results: 10 });
    assert.equal(h.api.store.has(id), false);
    const text = 'New Deep Search started elsewhere: Dental clinic chains in Ohio. Watch?';
    h.answer(/^New Deep Search started elsewhere: /, 'Watch');
    await comeBack(); // sees it; told at the next look, SETTLE_MS (10 s) later, in case the user watched it by hand
    await waitFor('watched after "Watch"', () => h.api.store.has(id), 30_000);
    assert.deepEqual(h.shown.slice(shownBefore), [text]);
    await waitFor('its first state', () => h.api.store.get(id)?.task);
    announced = id;
    await h.reset(); // stopped watching: the next test's looks must not bring it back
  });

  test('"watch": watched at once, without a notification; a task the user stopped watching never comes back', async () => {
    await setSetting('newTasks', 'watch'); // the mark stays: only a change from "off" starts afresh
    h.fake.advance(5_000);
    const shownBefore = h.shown.length;
    const { id } = await createLikeTheCli(h, { query: 'Freight forwarders in Rotterdam', desired_num_results: 20 });
    await comeBack();
    await waitFor('watched without asking', () => h.api.store.has(id));
    assert.deepEqual(h.shown.slice(shownBefore), []);
    await waitFor('its first state', () => h.api.store.get(id)?.task?.query === 'Freight forwarders in Rotterdam');
    assert.ok(announced);
    assert.equal(h.api.store.has(announced), false, 'the task announced, watched and dropped in the test before is not watched again');
    // The user stops watching this one too: it does not come back on its own.
    await h.reset();
    await comeBack();
    assert.equal(h.api.store.has(id), false);
    assert.deepEqual(h.shown.slice(shownBefore), []);
  });
});
