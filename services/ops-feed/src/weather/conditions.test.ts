import { describe, expect, it } from 'vitest';
import { flightCategory, severity } from './conditions.js';

describe('flight category (Aviation Weather Center definitions)', () => {
  it.each([
    [null, 9999, 'VFR'],
    [3100, 9999, 'VFR'],
    [3000, 9999, 'MVFR'],
    [1000, 9999, 'MVFR'],
    [999, 9999, 'IFR'],
    [500, 9999, 'IFR'],
    [499, 9999, 'LIFR'],
    [null, 8048, 'VFR'], // just over 5 SM
    [null, 8047, 'MVFR'], // 5 SM
    [null, 4828, 'MVFR'], // 3 SM
    [null, 4827, 'IFR'],
    [null, 1609, 'IFR'], // 1 SM
    [null, 1608, 'LIFR'],
    [2500, 1000, 'LIFR'], // the worse of the two decides
    [null, null, 'UNKNOWN'],
    [400, null, 'LIFR'],
  ] as const)('ceiling %s ft, visibility %s m → %s', (ceiling, visibility, expected) => {
    expect(flightCategory(ceiling, visibility)).toBe(expected);
  });
});

describe("Overfly's severity rule", () => {
  const vfr = { flightCategory: 'VFR' as const, windSpeedKt: 5, windGustKt: null, phenomena: [] };
  it.each([
    [{}, 'NONE'],
    [{ windGustKt: 19 }, 'NONE'],
    [{ windGustKt: 20 }, 'LOW'],
    [{ windSpeedKt: 20 }, 'MODERATE'],
    [{ windGustKt: 30 }, 'MODERATE'],
    [{ windGustKt: 40 }, 'HIGH'],
    [{ windSpeedKt: 30 }, 'HIGH'],
    [{ windGustKt: 50 }, 'SEVERE'],
    [{ flightCategory: 'MVFR' }, 'LOW'],
    [{ flightCategory: 'IFR' }, 'MODERATE'],
    [{ flightCategory: 'LIFR' }, 'HIGH'],
    [{ flightCategory: 'LIFR', windSpeedKt: 30 }, 'SEVERE'],
    [{ flightCategory: 'LIFR', windGustKt: 29 }, 'HIGH'],
    [{ phenomena: ['TS'] }, 'SEVERE'],
    [{ phenomena: ['-TSRA'] }, 'SEVERE'],
    [{ phenomena: ['VCTS'] }, 'HIGH'],
    [{ phenomena: ['VCSH'] }, 'LOW'],
    [{ phenomena: ['-FZDZ'] }, 'SEVERE'],
    [{ phenomena: ['FZFG'] }, 'HIGH'],
    [{ phenomena: ['+SN'] }, 'SEVERE'],
    [{ phenomena: ['SN'] }, 'HIGH'],
    [{ phenomena: ['-SN'] }, 'MODERATE'],
    [{ phenomena: ['+RA'] }, 'HIGH'],
    [{ phenomena: ['RA'] }, 'MODERATE'],
    [{ phenomena: ['-RA'] }, 'LOW'],
    [{ phenomena: ['BR'] }, 'LOW'],
    [{ phenomena: ['FG'] }, 'MODERATE'],
    [{ phenomena: ['GR'] }, 'HIGH'],
    [{ phenomena: ['+SS'] }, 'SEVERE'],
    [{ flightCategory: 'UNKNOWN', windSpeedKt: null }, 'UNKNOWN'],
    [{ flightCategory: 'UNKNOWN', windSpeedKt: 25 }, 'MODERATE'],
  ] as const)('%o → %s', (change, expected) => {
    expect(severity({ ...vfr, ...change })).toBe(expected);
  });
});
