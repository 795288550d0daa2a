/**
 * The form's Prompter (core/input/searchForm.ts) on VS Code's quick inputs: one input box or quick pick
 * per step, with "step n of m", a Back button from the second step on, and the field's check run as the
 * user types. Each prompt stays open when focus moves away, so nothing typed is lost to a stray click.
 */
import * as vscode from 'vscode';
import { type Answer, BACK, type InputOptions, type PickItem, type PickOptions, type Prompter } from '../../core/input/searchForm';
import { createInputBox, createQuickPick, setItems } from '../ui/inputs';
import { setValidation } from '../ui/text';

interface Item<T> extends vscode.QuickPickItem {
  readonly value: T;
  readonly itemButtons: ReadonlyArray<vscode.QuickInputButton & { readonly value: T }>;
}

export class QuickInputPrompter implements Prompter {
  input(o: InputOptions): Promise<Answer<string>> {
    const box = createInputBox({
      title: o.title,
      prompt: o.prompt,
      ...(o.placeholder !== undefined ? { placeholder: o.placeholder } : {}),
    });
    box.step = o.step;
    box.totalSteps = o.totalSteps;
    box.value = o.value;
    box.ignoreFocusOut = true;
    box.buttons = o.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    if (o.problem) setValidation(box, o.problem);
    return new Promise<Answer<string>>((resolve) => {
      let answer: Answer<string>;
      const subs = [
        box.onDidChangeValue((text) => {
          setValidation(box, o.validate(text));
        }),
        box.onDidAccept(() => {
          const problem = o.validate(box.value);
          if (problem) {
            setValidation(box, problem);
            return;
          }
          answer = box.value;
          box.hide();
        }),
        box.onDidTriggerButton((b) => {
          if (b !== vscode.QuickInputButtons.Back) return;
          o.keep?.(box.value);
          answer = BACK;
          box.hide();
        }),
        box.onDidHide(() => {
          for (const s of subs) s.dispose();
          box.dispose();
          resolve(answer);
        }),
      ];
      box.show();
    });
  }

  pick<T>(o: PickOptions<T>): Promise<Answer<T>> {
    return this.showPick(o, false).then((a) => (a === undefined || a === BACK ? a : a[0]));
  }

  pickMany<T>(o: PickOptions<T>): Promise<Answer<T[]>> {
    return this.showPick(o, true);
  }

  private showPick<T>(o: PickOptions<T>, many: boolean): Promise<Answer<T[]>> {
    const qp = createQuickPick<Item<T>>({ title: o.problem ? `${o.title}: ${o.problem}` : o.title, placeholder: o.placeholder });
    qp.step = o.step;
    qp.totalSteps = o.totalSteps;
    qp.ignoreFocusOut = true;
    qp.canSelectMany = many;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.buttons = o.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    const items = o.items.map((i) => toItem(i));
    setItems(qp, items);
    if (many) qp.selectedItems = items.filter((i) => i.picked);
    return new Promise<Answer<T[]>>((resolve) => {
      let answer: Answer<T[]>;
      const subs = [
        qp.onDidAccept(() => {
          const chosen = many ? qp.selectedItems : qp.activeItems.slice(0, 1);
          if (!many && chosen.length === 0) return;
          answer = chosen.map((i) => i.value);
          qp.hide();
        }),
        qp.onDidTriggerItemButton((e) => {
          const button = e.item.itemButtons.find((b) => b === e.button);
          if (!button) return;
          answer = [button.value];
          qp.hide();
        }),
        qp.onDidTriggerButton((b) => {
          if (b !== vscode.QuickInputButtons.Back) return;
          answer = BACK;
          qp.hide();
        }),
        qp.onDidHide(() => {
          for (const s of subs) s.dispose();
          qp.dispose();
          resolve(answer);
        }),
      ];
      qp.show();
    });
  }
}

function toItem<T>(i: PickItem<T>): Item<T> {
  const itemButtons = (i.buttons ?? []).map((b) => ({ iconPath: new vscode.ThemeIcon(b.icon), tooltip: b.tooltip, value: b.value }));
  return {
    ...(i.icon !== undefined ? { iconPath: new vscode.ThemeIcon(i.icon) } : {}),
    label: i.label,
    ...(i.description !== undefined ? { description: i.description } : {}),
    ...(i.detail !== undefined ? { detail: i.detail } : {}),
    ...(i.picked !== undefined ? { picked: i.picked } : {}),
    value: i.value,
    itemButtons,
    buttons: itemButtons,
  };
}
