/**
 * The detail panel's browser script. Builds the page once, then patches it in place from the host's
 * `update` and `results` messages, so scroll position, focus and open <details> survive updates.
 * Handshake: post `ready` on load; the host answers with the full model (also after the panel was hidden
 * and shown again, which reloads this script).
 */
import type { HostToWebview, PanelAction, PanelState, WebviewToHost } from '../protocol/messages';
import { isHostMessage } from '../protocol/messages';
import { DetailsView } from './details';
import { h } from './dom';
import { FunnelView, HeaderView } from './header';
import { ResultsSection } from './results';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Builds the page for one panel; everything lives as long as the webview document. */
function main(vscode: VsCodeApi): void {
  const send = (type: PanelAction) => vscode.postMessage({ type });
  const openLink = (url: string) => vscode.postMessage({ type: 'openLink', url });

  const header = new HeaderView(send);
  const funnel = new FunnelView();
  const details = new DetailsView(openLink);
  const results = new ResultsSection(send, openLink);
  const app = document.getElementById('app') ?? document.body.appendChild(h('main', { attrs: { id: 'app' } }));
  let started = false;
  let taskId: string | undefined;

  const start = (): void => {
    if (started) return;
    started = true;
    app.replaceChildren(header.root, h('div', { className: 'columns' }, [funnel.root, details.root]), results.root);
    app.removeAttribute('aria-busy');
  };

  const onMessage = (msg: HostToWebview): void => {
    switch (msg.type) {
      case 'update':
        start();
        if (taskId !== msg.model.id) {
          taskId = msg.model.id;
          vscode.setState({ taskId });
        }
        document.title = msg.model.title;
        header.update(msg.model);
        funnel.update(msg.model);
        details.update(msg.model);
        results.updateTask(msg.model);
        return;
      case 'results':
        start();
        results.update(msg.results);
        return;
      case 'busy':
        header.setBusy(msg.action, msg.busy);
        results.setBusy(msg.action, msg.busy);
        return;
    }
  };

  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    if (isHostMessage(e.data)) onMessage(e.data);
  });
  setInterval(() => details.tick(Date.now()), 1000);
  vscode.postMessage({ type: 'ready' });
}

main(acquireVsCodeApi());
