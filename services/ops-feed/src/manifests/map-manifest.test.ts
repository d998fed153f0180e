import { describe, expect, it } from 'vitest';
import { passengerList } from './export-format.js';
import { createManifestBook } from './manifest-book.js';
import { mapManifest } from './map-manifest.js';
import { createPseudonymiser } from './pseudonymise.js';

const KEY = 'a-test-key-that-is-long-enough-for-hmac-use';

/** An export as a DCS sends it, names, document and frequent-flyer numbers included. */
const exported = {
  format: 'overfly-dcs-passenger-list/1',
  flight: {
    designator: 'LH900',
    date: '2024-09-17',
    origin: 'EDDF',
    destination: 'EGLL',
    scheduledDeparture: '2024-09-17T06:30:00Z',
  },
  generatedAt: '2024-09-17T05:00:00Z',
  passengers: [
    {
      pnr: 'K7XQ2M',
      nameNumber: 2,
      surname: 'MUSTERMANN',
      givenName: 'ERIKA MRS',
      passport: { number: 'C01X00T47', expires: '2031-08-01' },
      email: 'erika@example.org',
      destination: 'EGLL',
      cabin: 'C',
      ssr: ['UMNR', 'VGML'],
      onward: {
        flight: 'LH901',
        origin: 'EGLL',
        scheduledDeparture: '2024-09-17T08:30:00Z',
        minimumConnectionMinutes: 60,
      },
      finalDestination: 'EDDF',
      frequentFlyer: { tier: 'GOLD', number: '992000111222333' },
      fare: { amountMinor: 18_900, currency: 'EUR' },
      contactRef: 'c-2',
      ticketNumber: '2202412345678',
    },
    {
      pnr: 'K7XQ2M',
      nameNumber: 1,
      surname: 'MUSTERMANN',
      destination: 'EGLL',
      cabin: 'C',
      finalDestination: 'EDDF',
    },
  ],
};

const pseudonyms = createPseudonymiser(KEY);

describe('a passenger-list export as a manifest', () => {
  const manifest = mapManifest(passengerList.parse(exported), pseudonyms, 'dcs');

  it('keeps the leg, and names it by the same scheduleId flight.schedules uses', () => {
    expect(manifest).toMatchObject({
      manifestId: `LH900-20240917-EDDF-${Date.parse('2024-09-17T05:00:00Z')}`,
      scheduleId: 'LH900-20240917-EDDF',
      flightNumber: 'LH900',
      departureAirport: 'EDDF',
      arrivalAirport: 'EGLL',
      scheduledDeparture: Date.parse('2024-09-17T06:30:00Z'),
      snapshotAt: Date.parse('2024-09-17T05:00:00Z'),
      source: 'dcs',
    });
  });

  it('keeps only what the correlator needs: no name, document, e-mail or number reaches the record', () => {
    const text = JSON.stringify(manifest);
    for (const secret of [
      'MUSTERMANN',
      'ERIKA',
      'C01X00T47',
      'erika@',
      '992000111222333',
      '2202412345678',
      'K7XQ2M',
    ]) {
      expect(text).not.toContain(secret);
    }
    const minor = manifest.passengers.find((p) => p.contactRef === 'c-2');
    expect(minor).toEqual({
      passengerId: pseudonyms.passengerId('LH', 'K7XQ2M', 2),
      bookingId: pseudonyms.bookingId('LH', 'K7XQ2M'),
      contactRef: 'c-2',
      cabinClass: 'BUSINESS',
      loyaltyTier: 'GOLD',
      fare: { amountMinor: 18_900, currency: 'EUR' },
      connection: {
        scheduleId: 'LH901-20240917-EGLL',
        flightNumber: 'LH901',
        departureAirport: 'EGLL',
        scheduledDeparture: Date.parse('2024-09-17T08:30:00Z'),
        minimumConnectionMinutes: 60,
      },
      finalDestinationAirport: 'EDDF',
      // VGML (a vegetarian meal) is no assistance: not kept.
      specialAssistance: ['UNACCOMPANIED_MINOR'],
    });
    const other = manifest.passengers.find((p) => p.contactRef === null);
    expect(other).toMatchObject({
      loyaltyTier: 'NONE',
      fare: null,
      connection: null,
      specialAssistance: [],
    });
  });

  it('refuses an export that is not in the documented format, naming the field', () => {
    const bad = { ...exported, passengers: [{ ...exported.passengers[0], cabin: 'Economy' }] };
    const parsed = passengerList.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['passengers', 0, 'cabin']);
  });
});

describe('pseudonymous ids', () => {
  it('are the same on every leg of a booking and differ between its passengers', () => {
    expect(pseudonyms.passengerId('LH', 'K7XQ2M', 1)).toBe(
      createPseudonymiser(KEY).passengerId('LH', 'K7XQ2M', 1),
    );
    expect(pseudonyms.passengerId('LH', 'K7XQ2M', 1)).not.toBe(
      pseudonyms.passengerId('LH', 'K7XQ2M', 2),
    );
    expect(pseudonyms.bookingId('LH', 'K7XQ2M')).not.toBe(pseudonyms.bookingId('BA', 'K7XQ2M'));
  });

  it('change entirely with the key, so they cannot be linked without it', () => {
    const other = createPseudonymiser(`${KEY}-rotated`);
    expect(other.passengerId('LH', 'K7XQ2M', 1)).not.toBe(
      pseudonyms.passengerId('LH', 'K7XQ2M', 1),
    );
    expect(pseudonyms.passengerId('LH', 'K7XQ2M', 1)).toMatch(/^p_[A-Za-z0-9_-]{22}$/);
  });
});

describe('the manifests held in memory', () => {
  const list = passengerList.parse(exported);
  const first = mapManifest(list, pseudonyms, 'dcs');

  it('let an unchanged list through once, whatever its snapshot time', () => {
    const book = createManifestBook({ keepAfterDepartureMs: 6 * 3_600_000 });
    expect(book.changed(first)).toBe(true);
    const later = mapManifest(
      { ...list, generatedAt: list.generatedAt + 300_000 },
      pseudonyms,
      'dcs',
    );
    expect(book.changed(later)).toBe(false);
    const fewer = mapManifest({ ...list, passengers: list.passengers.slice(1) }, pseudonyms, 'dcs');
    expect(book.changed(fewer)).toBe(true);
  });

  it('are dropped the configured time after the leg’s scheduled departure', () => {
    const book = createManifestBook({ keepAfterDepartureMs: 6 * 3_600_000 });
    book.changed(first);
    const dropAt = first.scheduledDeparture + 6 * 3_600_000;
    expect(book.expire(dropAt - 1)).toBe(0);
    expect(book.expire(dropAt)).toBe(1);
    expect(book.size).toBe(0);
  });
});
