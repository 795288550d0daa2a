/**
 * Fails the current test when a promise rejection goes unhandled while it runs. Call once inside a
 * suite: installs the listener for the suite only, and checks (after letting pending callbacks run)
 * in every test's teardown.
 */
export function guardUnhandledRejections(): void {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    seen.push(reason);
  };
  suiteSetup(() => {
    process.on('unhandledRejection', onRejection);
  });
  suiteTeardown(() => {
    process.off('unhandledRejection', onRejection);
  });
  teardown(async () => {
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 5));
    if (seen.length > 0) {
      const reasons = seen.splice(0).map((r) => (r instanceof Error ? (r.stack ?? r.message) : String(r)));
      throw new Error(`unhandled rejection during the test:\n${reasons.join('\n')}`);
    }
  });
}
