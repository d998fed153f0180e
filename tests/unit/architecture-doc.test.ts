// docs/architecture.md is the newcomer's map. It stays true only if a new topic, package or
// service cannot be added without it: this test names whatever the map leaves out.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const doc = readFileSync(`${root}docs/architecture.md`, 'utf8');
const catalogue = JSON.parse(readFileSync(`${root}schemas/topics.json`, 'utf8')) as {
  topics: Array<{ name: string }>;
};
const folders = (parent: string) =>
  readdirSync(`${root}${parent}`, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${parent}/${entry.name}`);

describe('docs/architecture.md', () => {
  it('names every topic of schemas/topics.json, as `code`', () => {
    const topics = catalogue.topics.map((t) => t.name);
    expect(topics.length).toBeGreaterThan(0);
    expect(topics.filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
  });

  it('names every folder under packages/ and services/ by its path', () => {
    const all = [...folders('packages'), ...folders('services')];
    expect(all).toContain('services/fir-analyser');
    expect(all.filter((path) => !doc.includes(path))).toEqual([]);
  });
});
