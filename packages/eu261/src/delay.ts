const HOUR_MS = 3_600_000;

/**
 * A passenger who reaches the final destination three hours or more after the scheduled
 * arrival is owed compensation as for a cancellation (Sturgeon, C-402/07 and C-432/07;
 * confirmed by Nelson, C-581/10 and C-629/10). Three hours is the edge and is included:
 * 3 h 00 min late is owed, 2 h 59 min 59 s is not. For a journey of connecting flights on one
 * booking the delay is the one at the final destination (Folkerts, C-11/11).
 */
const COMPENSABLE_DELAY_MS = 3 * HOUR_MS;

export function delayCompensable(arrivalDelayMs: number): boolean {
  return arrivalDelayMs >= COMPENSABLE_DELAY_MS;
}
