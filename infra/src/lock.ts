import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InfraError } from './errors.js';
import { isAlive, readPidFile } from './process.js';

/**
 * One `up`/`down` at a time per state folder (a developer's terminal and a test run's
 * global setup may race). The lock file holds the owner's pid; a dead owner's lock is taken over.
 */
export async function withLock<T>(
  stateDir: string,
  work: () => Promise<T>,
  timeoutMs = 600_000,
): Promise<T> {
  fs.mkdirSync(stateDir, { recursive: true });
  const lockFile = path.join(stateDir, 'infra.lock');
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readPidFile(lockFile);
      if (owner === null || owner === process.pid || !isAlive(owner)) {
        fs.rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > end) throw new InfraError('INFRA_LOCKED', `held by pid ${owner}`);
      await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
