/** "Resume Task": which task (asks among those that can be resumed), then how many (always asked; a given count fills the box in). */
import * as vscode from 'vscode';
import { resumeTask, type ResumeOutcome } from '../actions/resume';
import { resumeBlocker } from '../../core/model/resume';
import type { CoreServices } from '../services';
import { commandTargets } from './targets';

export async function resumeCommand(services: CoreServices, arg: unknown, count: unknown): Promise<ResumeOutcome | undefined> {
  const [id] = await commandTargets(services, arg, undefined, {
    placeHolder: vscode.l10n.t('Resume which task?'),
    filter: (e) => !resumeBlocker(e.task),
  });
  return id ? resumeTask(services, id, typeof count === 'number' ? count : undefined) : undefined;
}
