/**
 * Shows notices: those this window decided (core/notify/announcer.ts) or another window sent it
 * (core/sync/windowSync.ts), and problems with the saved state. The user's pick runs the notice's
 * command here, or, for the actions given in `own`, the action itself: a command run with arguments
 * asks the user first (it could be anyone's), and here the user has just chosen.
 */
import * as vscode from 'vscode';
import type { Notice, NoticeAction } from '../core/sync/message';
import type { Event } from '../core/util/emitter';
import type { Log } from './log';
import { show } from './ui/messages';

export class Notifier implements vscode.Disposable {
  private readonly subscription: { dispose(): void };

  constructor(
    incoming: Event<Notice>,
    private readonly log: Log,
    private readonly own: Readonly<Record<string, (args: readonly string[]) => Thenable<unknown>>> = {},
  ) {
    this.subscription = incoming((notice) => void this.show(notice));
  }

  /** Shows the notice and runs the action the user picks. */
  async show(notice: Notice): Promise<void> {
    this.log.info(`Notification: ${notice.text}`);
    const choice = await show(notice.severity, notice.text, ...notice.actions.map((a) => a.title));
    const picked = notice.actions.find((a) => a.title === choice);
    if (picked) await this.run(picked);
  }

  private run(action: NoticeAction): Thenable<unknown> {
    const own = Object.hasOwn(this.own, action.command) ? this.own[action.command] : undefined;
    return own ? own(action.args) : vscode.commands.executeCommand(action.command, ...action.args);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
