/**
 * vscode://taskwatch-labs.extruct-task-watcher/watch?task=<id>[,<id>…] (or /watch/<id>) starts watching
 * tasks from a browser link or a script. A link is a request from outside: it goes through the same cap
 * and confirmation as a Watch Task command run with arguments (actions/watch.ts `watchNamed`). Nothing
 * from the link but validated task IDs is ever shown.
 */
import * as vscode from 'vscode';
import { warn } from './ui/messages';

// eslint-disable-next-line extruct/localised-text -- a link's syntax, the same in every language
const EXAMPLE = 'vscode://taskwatch-labs.extruct-task-watcher/watch?task=<task id>';

export class WatchUriHandler implements vscode.UriHandler {
  /** `watch` gets the link's task references as text: `(text) => watchNamed(services, text, 'link')`. */
  constructor(private readonly watch: (text: string) => Promise<unknown>) {}

  async handleUri(uri: vscode.Uri): Promise<void> {
    const path = uri.path.replace(/\/+$/, '');
    if (path !== '/watch' && !path.startsWith('/watch/')) {
      // The path is never echoed: it is text from outside.
      void warn(vscode.l10n.t('Extruct Task Watcher does not know this kind of link. Links to watch a task look like {0}.', EXAMPLE));
      return;
    }
    const params = new URLSearchParams(uri.query);
    await this.watch([path.slice('/watch'.length), ...params.getAll('task'), ...params.getAll('id')].join(' '));
  }
}
