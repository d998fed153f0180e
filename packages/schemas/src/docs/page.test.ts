import { describe, expect, it } from 'vitest';
import { deliveryNotes } from './delivery.js';
import { isInternal, renderTopicsPage } from './page.js';
import { readTopicsDocInput } from './sources.js';

const input = readTopicsDocInput();
const page = renderTopicsPage(input);
const section = (heading: string): string => {
  const start = page.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const next = page.slice(start + heading.length + 2).search(/\n#{2,3} /);
  return next < 0 ? page.slice(start) : page.slice(start, start + heading.length + 2 + next);
};

describe('the topics page', () => {
  it('starts with how to connect, the compatibility rule, delivery and the dead letters', () => {
    const order = [
      '## Connecting',
      '## Compatibility',
      '## Delivery and ordering',
      '## Dead letters',
      '## Topics',
    ];
    const at = order.map((heading) => page.indexOf(`\n${heading}\n`));
    expect(at.every((index) => index > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(section('## Connecting')).toContain('/apis/ccompat/v7');
    expect(section('## Connecting')).toContain('`<topic>-value`');
    expect(section('## Compatibility')).toContain('schemas/released.lock.json');
  });

  it('has a section per public topic with its settings, fields and an example', () => {
    for (const topic of input.topics.filter((t) => !isInternal(t))) {
      const text = section(`### ${topic.name}`);
      expect(text).toContain(`subject \`${topic.name}-value\``);
      expect(text).toContain(`| Partitions | ${topic.partitions} |`);
      expect(text).toContain('| field | type | doc |');
      expect(text).toContain('```json');
    }
  });

  it('keeps the internal changelogs out of the public sections', () => {
    const internal = input.topics.filter(isInternal).map((t) => t.name);
    expect(internal).toEqual([
      'fir-analyser.state',
      'fee-calculator.state',
      'disruption-correlator.state',
    ]);
    for (const name of internal) {
      expect(page).not.toContain(`### ${name}`);
      expect(section('## Internal topics')).toContain(`| \`${name}\` |`);
    }
  });

  it('says what "forever" and a per-key order mean where they apply', () => {
    expect(section('### flights.state')).toContain('| Retention | forever |');
    expect(section('### flights.updates')).toContain('| Retention | 7 d |');
    expect(section('### scenario.control')).toContain(
      'One partition: every record of the topic is in one total order.',
    );
  });

  it('has a delivery note for exactly the catalogue topics', () => {
    expect(Object.keys(deliveryNotes).sort()).toEqual(input.topics.map((t) => t.name).sort());
  });

  it('refuses a catalogue whose record name differs from the schema file', () => {
    const [first, ...rest] = input.topics;
    const wrong = { ...first!, valueSchema: { ...first!.valueSchema, record: 'io.overfly.Other' } };
    expect(() => renderTopicsPage({ ...input, topics: [wrong, ...rest] })).toThrow(
      /defines io\.overfly\.flight\.PositionUpdate, the catalogue says io\.overfly\.Other/,
    );
  });
});
