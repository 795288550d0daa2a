/**
 * Shows notices: those this window decided (core/notify/announcer.ts) or another window sent it
 * (core/sync/windowSync.ts), and problems with the saved state. The user's pick runs the notice's
 * command here.
 */
import * as vscode from 'vscode';
import type { Notice } from '../core/sync/message';
import type { Event } from '../core/util/emitter';
import type { Log } from './log';
import { show } from './ui/messages';

export class Notifier implements vscode.Disposable {
  private readonly subscription: { dispose(): void };

  constructor(
    incoming: Event<Notice>,
    private readonly log: Log,
  ) {
    this.subscription = incoming((notice) => void this.show(notice));
  }

  /** Shows the notice and runs the action the user picks. */
  async show(notice: Notice): Promise<void> {
    this.log.info(`Notification: ${notice.text}`);
    const choice = await show(notice.severity, notice.text, ...notice.actions.map((a) => a.title));
    const picked = notice.actions.find((a) => a.title === choice);
    if (picked) await vscode.commands.executeCommand(picked.command, ...picked.args);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
