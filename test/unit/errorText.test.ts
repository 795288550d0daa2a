import assert from 'node:assert/strict';
import { API_ERROR_KINDS, NO_TOKEN } from '../../src/core/api/errors';
import { planMessage, userMessage } from '../../src/core/format/errorText';

suite('error messages for people', () => {
  const kinds = API_ERROR_KINDS;

  test('every kind says what happened and what to do next, and names the task where it matters', () => {
    for (const kind of kinds) {
      const m = userMessage({ kind, message: 'HTTP 418', status: 418 }, '"Freight SaaS"');
      assert.ok(m.split('. ').length >= 2, `${kind}: two sentences: ${m}`);
      assert.ok(!/undefined|null/.test(m), `${kind}: ${m}`);
    }
    assert.match(userMessage({ kind: 'not-found', message: 'HTTP 404' }, '"Freight SaaS"'), /"Freight SaaS"/);
  });

  test('a missing token is not called a rejected one', () => {
    assert.match(userMessage({ kind: 'auth', message: 'No API token is set.', detail: NO_TOKEN }, 'x'), /^No Extruct API token is set/);
    assert.match(userMessage({ kind: 'auth', message: 'HTTP 401', status: 401 }, 'x'), /^Extruct rejected the API token/);
  });

  test('429 says how long checks pause', () => {
    assert.match(userMessage({ kind: 'rate-limited', message: 'HTTP 429', retryAfterMs: 7_000 }, 'x'), /pause for 7 s/);
    assert.match(userMessage({ kind: 'rate-limited', message: 'HTTP 429' }, 'x'), /for a few minutes/);
  });

  test('402 explains each documented reason with its remedy', () => {
    assert.match(planMessage('plan_required'), /Pro plan.*Upgrade/);
    assert.match(planMessage('payment_failed'), /payment method/);
    assert.match(planMessage('insufficient_credits'), /out of credits.*Top up/);
    assert.match(planMessage(undefined), /Check your plan and credits/);
  });
});
