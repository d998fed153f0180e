import { describe, expect, it } from 'vitest';
import { JAVA_MIN_MAJOR, javaMajorVersion } from './java.js';

describe('javaMajorVersion', () => {
  it.each([
    ['openjdk version "17.0.9" 2023-10-17\nOpenJDK Runtime Environment', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "11.0.21" 2023-10-17 LTS', 11],
  ])('reads %j as %i', (output, major) => {
    expect(javaMajorVersion(output)).toBe(major);
  });

  it('is null when the output names no version', () => {
    expect(javaMajorVersion('bash: java: command not found')).toBeNull();
  });

  it('asks for the Java the pinned Kafka and registry run on', () => {
    expect(JAVA_MIN_MAJOR).toBe(17);
  });
});
