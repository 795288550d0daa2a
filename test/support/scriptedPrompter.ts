// Answers the "New Deep Search" form's prompts from a script, as a user would, and records what each
// prompt showed. Used by the form's unit tests and by the integration tests of the command.
import assert from 'node:assert/strict';
import { type Answer, BACK, type InputOptions, type PickOptions, type Prompter } from '../../src/core/input/searchForm';

export type Step =
  { kind: 'input'; o: InputOptions } | { kind: 'pick'; o: PickOptions<unknown> } | { kind: 'pickMany'; o: PickOptions<unknown> };
/** An answer: text for an input, a label (prefix) to choose in a pick, labels for a multi-pick, or back/cancel. */
export type Script = string | { pick: string } | { pickMany: string[] } | { button: string } | { back: string } | typeof BACK | undefined;

/** Answers each prompt from the script, in order, and records what each prompt showed. */
export class ScriptedPrompter implements Prompter {
  readonly seen: Step[] = [];
  constructor(private readonly script: Script[]) {}

  private next(): Script {
    assert.ok(this.script.length > 0, `the form asked more than scripted (last: ${JSON.stringify(this.seen.at(-1)?.o.title)})`);
    return this.script.shift();
  }

  input(o: InputOptions): Promise<Answer<string>> {
    this.seen.push({ kind: 'input', o });
    const a = this.next();
    if (a === undefined || a === BACK) return Promise.resolve(a);
    if (typeof a === 'object' && 'back' in a) {
      o.keep?.(a.back); // typed, then Back
      return Promise.resolve(BACK);
    }
    assert.equal(typeof a, 'string', `an input expects text, the script has ${JSON.stringify(a)}`);
    const text = a as string;
    assert.equal(o.validate(text), undefined, `"${text}" should pass: ${o.validate(text) ?? ''}`);
    return Promise.resolve(text);
  }

  pick<T>(o: PickOptions<T>): Promise<Answer<T>> {
    this.seen.push({ kind: 'pick', o: o });
    const a = this.next();
    if (a === undefined || a === BACK) return Promise.resolve(a);
    if (typeof a === 'object' && 'button' in a) {
      const [item, tooltip] = a.button.split(' / ');
      const found = o.items.find((i) => i.label.includes(item ?? ''))?.buttons?.find((b) => b.tooltip === tooltip);
      assert.ok(found, `no button "${a.button}"`);
      return Promise.resolve(found.value);
    }
    assert.ok(typeof a === 'object' && 'pick' in a, `a pick expects {pick}, the script has ${JSON.stringify(a)}`);
    const item = o.items.find((i) => i.label.includes(a.pick));
    assert.ok(item, `no item "${a.pick}" in ${o.items.map((i) => i.label).join(' | ')}`);
    return Promise.resolve(item.value);
  }

  pickMany<T>(o: PickOptions<T>): Promise<Answer<T[]>> {
    this.seen.push({ kind: 'pickMany', o: o });
    const a = this.next();
    if (a === undefined || a === BACK) return Promise.resolve(a);
    assert.ok(typeof a === 'object' && 'pickMany' in a);
    return Promise.resolve(o.items.filter((i) => a.pickMany.includes(i.label)).map((i) => i.value));
  }

  get done(): boolean {
    return this.script.length === 0;
  }
}
