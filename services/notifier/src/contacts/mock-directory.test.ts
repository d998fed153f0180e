import { compileNetworkScenario } from '@overfly/scenarios';
import { describe, expect, it } from 'vitest';
import { mockDirectory, scenarioLanguages } from './mock-directory.js';

describe('the mock contact directory', () => {
  it("knows each scenario passenger's language, whatever day the scenario is run on", () => {
    const languages = scenarioLanguages(['network-normal']);
    const day = compileNetworkScenario('network-normal', { start: Date.UTC(2026, 0, 5, 6) });
    const refs = day.bookings.flatMap((b) => b.passengers).filter((p) => p.contactRef !== null);
    expect(refs.length).toBeGreaterThan(1_000);
    expect(refs.filter((p) => languages.get(p.contactRef as string) !== p.language)).toEqual([]);
    for (const language of ['en', 'de', 'fr']) expect([...languages.values()]).toContain(language);
  });

  it('gives addresses that reach nobody: .example e-mail, Ofcom drama numbers', async () => {
    const directory = mockDirectory({ scenarios: [] });
    const passenger = await directory.lookup('Cabc123-1');
    expect(passenger).toEqual({
      language: 'en',
      email: 'cabc123-1@passengers.overfly.example',
      phone: expect.stringMatching(/^\+447700900\d{3}$/),
    });
    expect(await directory.lookup('Cabc123-1')).toEqual(passenger);
    expect(await directory.lookup('operator:DLH')).toEqual({
      language: 'en',
      email: 'billing.dlh@operators.overfly.example',
      phone: null,
    });
  });
});
