import { spawnSync } from 'node:child_process';
import { InfraError } from './errors.js';

/** The oldest Java that runs Kafka 3.9 and Apicurio Registry 3.0.9 (3.1+ would need 21). */
export const JAVA_MIN_MAJOR = 17;

/**
 * Java's major version from what `java -version` prints (on stderr): `version "17.0.9"` is
 * 17, the old `version "1.8.0_392"` is 8; null when no version is there.
 */
export function javaMajorVersion(output: string): number | null {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return null;
  const major = Number(match[1] === '1' ? match[2] : match[1]);
  return Number.isInteger(major) && major > 0 ? major : null;
}

/** Java's major version, e.g. 17, read from `java -version` (printed on stderr). */
export function requireJava(): number {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new InfraError('INFRA_JAVA_MISSING', 'no `java` on PATH');
  }
  const major = javaMajorVersion(`${result.stderr}${result.stdout}`) ?? 0;
  if (major < JAVA_MIN_MAJOR) {
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
