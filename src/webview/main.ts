/**
 * The detail panel's browser script. Builds the page once, then patches it in place from the host's
 * `update` and `results` messages, so scroll position, focus and open <details> survive updates.
 * Handshake: post `ready` on load; the host answers with the panel's words (`init`: the webview has no
 * text of its own) and the full model (also after the panel was hidden and shown again, which reloads
 * this script).
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

/** The page's parts, built once the host's words arrive (`init`). */
interface Page {
  readonly header: HeaderView;
  readonly funnel: FunnelView;
  readonly details: DetailsView;
  readonly results: ResultsSection;
}

/** Builds the page for one panel; everything lives as long as the webview document. */
function main(vscode: VsCodeApi): void {
  const send = (type: PanelAction) => vscode.postMessage({ type });
  const openLink = (url: string) => vscode.postMessage({ type: 'openLink', url });

  const app = document.getElementById('app') ?? document.body.appendChild(h('main', { attrs: { id: 'app' } }));
  let page: Page | undefined;
  let started = false;
  let taskId: string | undefined;

  const start = (p: Page): void => {
    if (started) return;
    started = true;
    app.replaceChildren(p.header.root, h('div', { className: 'columns' }, [p.funnel.root, p.details.root]), p.results.root);
    app.removeAttribute('aria-busy');
  };

  const onMessage = (msg: HostToWebview): void => {
    if (msg.type === 'init') {
      page ??= {
        header: new HeaderView(send, msg.strings),
        funnel: new FunnelView(msg.strings),
        details: new DetailsView(openLink, msg.strings),
        results: new ResultsSection(send, openLink, msg.strings),
      };
      return;
    }
    // The host sends `init` first; nothing is shown without the words.
    if (!page) return;
    switch (msg.type) {
      case 'update':
        start(page);
        if (taskId !== msg.model.id) {
          taskId = msg.model.id;
          vscode.setState({ taskId });
        }
        document.title = msg.model.title;
        page.header.update(msg.model);
        page.funnel.update(msg.model);
        page.details.update(msg.model);
        page.results.updateTask(msg.model);
        return;
      case 'results':
        start(page);
        page.results.update(msg.results);
        return;
      case 'busy':
        page.header.setBusy(msg.action, msg.busy);
        page.results.setBusy(msg.action, msg.busy);
        return;
    }
  };

  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    if (isHostMessage(e.data)) onMessage(e.data);
  });
  setInterval(() => page?.details.tick(Date.now()), 1000);
  vscode.postMessage({ type: 'ready' });
}

main(acquireVsCodeApi());
