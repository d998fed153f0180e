import { ScenarioError } from './errors.js';

/**
 * Aircraft the scenario makes up get addresses from 0xB00000–0xBFFFFF, a block the
 * country tables of the common ADS-B decoders (the dump1090 family) assign to no state, so
 * a simulated aircraft is unlikely to share an address with a real one if both ever meet
 * on one topic. The top 4,096 are for scripted flights without an icao24 (by their index
 * in `flights`), the rest for generated ones (by slot and leg).
 */
const FIRST = 0xb0_0000;
const LAST = 0xbf_ffff;
const SCRIPTED = 0x1000;

export const SYNTHETIC_ADDRESSES = {
  describe: 'the synthetic address block b00000–bfffff',
  size: LAST - FIRST + 1 - SCRIPTED,
  scripted(index: number): string {
    return hex(LAST - (index % SCRIPTED));
  },
  /** An address `scripted(index)` may give a flight without an icao24. */
  isScriptedDefault(icao24: string): boolean {
    return Number.parseInt(icao24, 16) > LAST - SCRIPTED;
  },
  /**
   * The airframe of `slot` on its `leg`-th replacement: slot + leg × slots, so no two
   * aircraft of a run share one. Throws when the block is used up.
   */
  generated(slot: number, leg: number, slots: number): string {
    const n = slot + leg * slots;
    if (n >= LAST - FIRST + 1 - SCRIPTED) {
      throw new ScenarioError(
        'SCENARIOS_ADDRESS_SPACE_EXHAUSTED',
        `slot ${slot}, replacement ${leg} of ${slots} slots; shorten the scenario or lower count`,
      );
    }
    return hex(FIRST + n);
  },
};

export function isSyntheticAddress(icao24: string): boolean {
  const n = Number.parseInt(icao24, 16);
  return n >= FIRST && n <= LAST;
}

function hex(n: number): string {
  return n.toString(16).padStart(6, '0');
}
