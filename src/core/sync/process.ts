/**
 * Which process a window runs in, and whether a process still exists: a window or a lock holder whose
 * process is gone is gone, whatever its files say. Only a process on this machine can be asked about
 * (the shared folder could be on a network drive that two machines see): elsewhere, nothing is concluded.
 */
import * as os from 'node:os';
import { errorCode } from './files';

export interface ProcessInfo {
  readonly pid: number;
  readonly host: string;
  /** False only when the process is known to be gone (on this host); true when it exists or nobody can tell. */
  isAlive(pid: number, host: string): boolean;
}

export function localProcess(): ProcessInfo {
  const host = os.hostname();
  return {
    pid: process.pid,
    host,
    isAlive: (pid, on) => {
      if (on !== host || !Number.isSafeInteger(pid) || pid <= 0) return true;
      try {
        process.kill(pid, 0);
        return true;
      } catch (e) {
        return errorCode(e) !== 'ESRCH'; // EPERM: it exists, owned by someone else
      }
    },
  };
}
