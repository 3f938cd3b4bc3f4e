import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite must never open one data directory twice. The process serving a directory owns
 * `embedded-db.json` inside it (created exclusively), and writes its URL there when ready so
 * other backends using the same DATA_DIR connect to it instead of opening the files again.
 */
export type LockFile = { pid: number; url?: string };

export type EmbeddedDbMessage =
  | { type: 'ready'; url: string }
  | { type: 'busy' }
  | { type: 'failed'; reason: string }
  | { type: 'stop' };

export function lockFilePath(dataDir: string): string {
  return path.join(dataDir, 'embedded-db.json');
}

export function tryCreateLockFile(lockPath: string): boolean {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify({ pid: process.pid }), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const existing = readLockFile(lockPath);
      if (existing && isProcessAlive(existing.pid)) return false;
      fs.rmSync(lockPath, { force: true }); // left behind by a crashed owner
    }
  }
  return false;
}

export function writeLockFile(lockPath: string, lock: LockFile): void {
  const temporary = `${lockPath}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(lock));
  fs.renameSync(temporary, lockPath);
}

export function readLockFile(lockPath: string): LockFile | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as Partial<LockFile>;
    if (typeof parsed.pid !== 'number') return undefined;
    return typeof parsed.url === 'string' ? { pid: parsed.pid, url: parsed.url } : { pid: parsed.pid };
  } catch {
    return undefined;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
