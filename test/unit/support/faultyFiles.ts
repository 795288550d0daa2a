/**
 * The shared folder's real file operations, with faults on demand: writes to some files refused a number
 * of times (an antivirus holding a file on Windows: EPERM on the rename), or the whole folder read-only.
 */
import { NodeFiles, type WriteOptions } from '../../../src/core/sync/files';

function fault(code: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: operation not permitted, '${file}'`), { code });
}

export class FaultyFiles extends NodeFiles {
  private readonly refusals: Array<{ match: RegExp; left: number; code: string }> = [];
  /** Every write, creation, folder creation and heartbeat fails (EACCES). */
  readOnly = false;
  /** Writes refused so far. */
  refused = 0;

  /** The next `times` writes of files whose path matches are refused with `code`. */
  refuse(match: RegExp, times: number, code = 'EPERM'): void {
    this.refusals.push({ match, left: times, code });
  }

  override write(file: string, text: string, o?: WriteOptions): boolean {
    this.check(file);
    return super.write(file, text, o);
  }

  override create(file: string, text: string): boolean {
    this.check(file);
    return super.create(file, text);
  }

  override mkdir(dir: string): void {
    if (this.readOnly) throw fault('EACCES', dir);
    super.mkdir(dir);
  }

  override touch(file: string, atMs: number): boolean {
    return !this.readOnly && super.touch(file, atMs);
  }

  private check(file: string): void {
    if (this.readOnly) {
      this.refused++;
      throw fault('EACCES', file);
    }
    const r = this.refusals.find((x) => x.left > 0 && x.match.test(file));
    if (!r) return;
    r.left--;
    this.refused++;
    throw fault(r.code, file);
  }
}
