import { spawnSync } from 'node:child_process';
import { InfraError } from './errors.js';

/** Java's major version, e.g. 17, read from `java -version` (printed on stderr). */
export function requireJava(): number {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new InfraError('INFRA_JAVA_MISSING', 'no `java` on PATH');
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : 0;
  if (major < 17) {
    throw new InfraError('INFRA_JAVA_MISSING', `found java ${major || 'of unknown version'}`);
  }
  return major;
}

export function requireMaven(): void {
  const result = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new InfraError('INFRA_MAVEN_MISSING', 'no `mvn` on PATH');
  }
}
