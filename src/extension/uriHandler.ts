/**
 * vscode://taskwatch-labs.extruct-task-watcher/watch?task=<id>[,<id>…] (or /watch/<id>) starts watching
 * tasks from a browser link or a script. Watching only reads, so no confirmation is asked; the link can
 * carry nothing but task IDs.
 */
import * as vscode from 'vscode';
import { parseTaskRefs } from '../core/input/taskRef';

export class WatchUriHandler implements vscode.UriHandler {
  constructor(private readonly watch: (ids: string[]) => Promise<unknown>) {}

  async handleUri(uri: vscode.Uri): Promise<void> {
    const path = uri.path.replace(/\/+$/, '');
    if (path !== '/watch' && !path.startsWith('/watch/')) {
      void vscode.window.showWarningMessage(`Extruct Task Watcher cannot open "${uri.path}". Links look like vscode://…/watch?task=<task id>.`);
      return;
    }
    const params = new URLSearchParams(uri.query);
    const text = [path.slice('/watch'.length), ...params.getAll('task'), ...params.getAll('id')].join(' ');
    const { ids } = parseTaskRefs(text);
    if (ids.length === 0) {
      void vscode.window.showWarningMessage('The Extruct link holds no task ID. Links look like vscode://…/watch?task=<task id>.');
      return;
    }
    await this.watch(ids);
  }
}
