// The README's Privacy section lists every request the extension can make. This keeps it true: every public
// method of the API client is called with a fetch that records the request, and the requests it makes must be
// exactly the ones the README's table lists. A new method fails the test until it is called here (and so until
// its request is listed); nothing else in src/ may open a connection.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ApiClient, type FetchInit } from '../../src/core/api/client';
import { ID1 } from './support/tasks';

const root = path.resolve('.');

/** `GET /v1/discovery_tasks/{id}`, as the README writes a request: the method, and the path without its query. */
function requestOf(url: string, init: FetchInit): string {
  const p = new URL(url).pathname.replace(ID1, '{id}');
  return `${init.method} ${p}`;
}

/** Every public method of ApiClient, called once: a new one has to be added here. */
const CALLS: Readonly<Record<string, (c: ApiClient) => Promise<unknown>>> = {
  getUser: (c) => c.getUser(),
  listTasks: (c) => c.listTasks({ offset: 0, limit: 50 }),
  getTask: (c) => c.getTask(ID1),
  getResults: (c) => c.getResults(ID1, { offset: 0, limit: 50 }),
  createTask: (c) => c.createTask({ query: 'Fintech startups in Berlin', desired_num_results: 10, auto_data_sources: true }),
  resumeTask: (c) => c.resumeTask(ID1, 10),
};

/** The requests in the README's Privacy table: the code spans that start its rows. */
function readmeRequests(): string[] {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('## Privacy');
  assert.ok(start >= 0, 'the README has a Privacy section');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...section.matchAll(/^\s*\| `((?:GET|POST|PUT|PATCH|DELETE) \/[^`]*)` \|/gm)].map((m) => m[1]!);
}

suite('privacy: the README lists every request', () => {
  test('the API client makes exactly the requests the README lists, each to the base URL', async () => {
    const publicMethods = Object.getOwnPropertyNames(ApiClient.prototype).filter((m) => m !== 'constructor' && m !== 'request');
    assert.deepEqual(publicMethods.sort(), Object.keys(CALLS).sort(), 'every public method of the client is called here');
    const made = new Set<string>();
    const client = new ApiClient({
      getBaseUrl: () => 'https://api.example.test',
      getToken: () => Promise.resolve('secret'),
      fetch: (url, init) => {
        assert.ok(url.startsWith('https://api.example.test/'), url);
        made.add(requestOf(url, init));
        return Promise.resolve({ status: 500, headers: { get: () => null }, text: () => Promise.resolve('{}') });
      },
    });
    for (const call of Object.values(CALLS)) await call(client);
    const listed = readmeRequests();
    assert.equal(new Set(listed).size, listed.length, 'each request listed once');
    assert.deepEqual([...made].sort(), [...listed].sort());
  });

  test("nothing else in src/ opens a connection: only the API client's adapters fetch (the extension's and the MCP server's)", () => {
    const files = fs
      .readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith('.ts'))
      .map((d) => path.relative(root, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
    assert.ok(files.length > 50, `${files.length} source files`);
    const opening = /node-fetch|(?<![.\w])fetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|node:(?:https?|net|tls|dgram)['"]/;
    const offenders = files.filter((f) => {
      const code = fs
        .readFileSync(path.join(root, f), 'utf8')
        .split('\n')
        .filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l))
        .join('\n');
      return opening.test(code);
    });
    assert.deepEqual(offenders, ['src/extension/http.ts', 'src/mcp/http.ts']);
  });
});
