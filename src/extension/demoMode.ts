/**
 * Demo mode for `npm run demo`, which runs this extension in a throw-away VS Code against the local fake
 * Extruct API. The demo passes its token and task IDs through the environment of that VS Code's
 * extension host. They are honoured only when the API base URL is a loopback address (so a real token
 * can never be planted for the real API this way) and only when nothing is set yet.
 */
import { checkBaseUrl } from '../core/input/baseUrl';
import { parseTaskRefs } from '../core/input/taskRef';
import type { CoreServices } from './services';

export async function applyDemoEnvironment(services: CoreServices, env: NodeJS.ProcessEnv): Promise<void> {
  const demoToken = env.EXTRUCT_DEMO_TOKEN;
  if (!demoToken) return;
  const base = checkBaseUrl(services.settings.apiBaseUrl);
  if (!base.ok || !base.loopback) {
    services.log.warn('EXTRUCT_DEMO_TOKEN is ignored: demo mode works only with a loopback API base URL.');
    return;
  }
  if (!(await services.token.get())) {
    await services.token.set(demoToken);
    services.tokenPause.tokenSet();
    services.log.info('Demo mode: the demo API token was stored.');
  }
  if (services.store.size === 0 && env.EXTRUCT_DEMO_WATCH) {
    services.watchList.watch(parseTaskRefs(env.EXTRUCT_DEMO_WATCH).ids);
  }
}
