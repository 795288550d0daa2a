/**
 * Everything this process writes: messages on stdout (MCP), log lines on stderr (VS Code shows them in
 * the server's output channel). Both pass one last filter that replaces the API token wherever it might
 * have slipped in: the answers are built without it (core/agent/answer.ts replaces it too), and the log
 * lines say what happened, never with what.
 */
import type { SyncLog } from '../core/sync/listReplica';

export interface Sink {
  write(text: string): unknown;
}

const LOG_LINE_MAX = 2_000;

export class Output {
  constructor(
    private readonly stdout: Sink,
    private readonly stderr: Sink,
    private readonly secret: () => string | undefined,
  ) {}

  /** One MCP message (a line without its line break). */
  readonly send = (line: string): void => {
    this.stdout.write(`${this.redact(line)}\n`);
  };

  readonly log: SyncLog & { error(message: string): void } = {
    info: (m) => this.line('info', m),
    warn: (m) => this.line('warning', m),
    error: (m) => this.line('error', m),
  };

  private line(level: string, message: string): void {
    const one = message.replace(/[\r\n]+/g, ' ').slice(0, LOG_LINE_MAX);
    this.stderr.write(`${this.redact(`[${level}] ${one}`)}\n`);
  }

  private redact(text: string): string {
    const secret = this.secret();
    return secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
  }
}
