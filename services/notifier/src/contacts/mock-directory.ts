import { createHash } from 'node:crypto';
import { compileNetworkScenario } from '@overfly/scenarios';
import { type Contact, type ContactDirectory, OPERATOR_PREFIX } from './contact.js';

/**
 * Mock mode's directory, for the demo and tests: every reference resolves, to addresses that
 * cannot reach anyone — e-mail under `.example` (RFC 2606: reserved, never delegated) and
 * numbers from Ofcom's range for drama (+44 7700 900000–900999, never allocated). A
 * passenger's language is the one the network scenarios gave their booking; an operator's
 * is English unless `operators` says otherwise.
 */
export function mockDirectory(
  options: { scenarios?: readonly string[]; operators?: Readonly<Record<string, Contact>> } = {},
): ContactDirectory {
  let languages: Map<string, string> | null = null;
  const languageOf = (ref: string) => {
    languages ??= scenarioLanguages(options.scenarios ?? []);
    return languages.get(ref) ?? 'en';
  };
  return {
    async lookup(ref) {
      if (ref.startsWith(OPERATOR_PREFIX)) {
        const icao = ref.slice(OPERATOR_PREFIX.length);
        return (
          options.operators?.[icao] ?? {
            language: 'en',
            email: `billing.${icao.toLowerCase()}@operators.overfly.example`,
            phone: null,
          }
        );
      }
      const digest = createHash('sha256').update(ref).digest();
      return {
        language: languageOf(ref),
        email: `${ref.toLowerCase().replace(/[^a-z0-9.-]/g, '-')}@passengers.overfly.example`,
        phone: `+447700900${String(digest.readUInt16BE(0) % 1000).padStart(3, '0')}`,
      };
    },
  };
}

/**
 * contactRef → language over the scenarios' bookings. Bookings (their references and
 * languages) follow from each scenario's seed alone, whatever day it is run on, so any start
 * gives the map the running scenario uses.
 */
export function scenarioLanguages(scenarios: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of scenarios) {
    const day = compileNetworkScenario(name, { start: Date.UTC(2024, 8, 17, 6) });
    for (const booking of day.bookings)
      for (const p of booking.passengers) if (p.contactRef) out.set(p.contactRef, p.language);
  }
  return out;
}
