import type { CorrelatorPassenger } from '@overfly/schemas';

/**
 * Who is re-accommodated first, 1 = first. Art. 11(1) of Regulation 261/2004 gives priority
 * to persons with reduced mobility and their companions and to unaccompanied children; the
 * rest is airline practice: other special needs, then passengers about to lose a
 * connection, then premium cabins and top loyalty tiers, then everyone else. Ties are
 * broken by eventId downstream.
 */
const PRIORITY = {
  ARTICLE_11: 1,
  OTHER_ASSISTANCE: 2,
  CONNECTION: 3,
  PREMIUM: 4,
  OTHER: 5,
} as const;

const ARTICLE_11 = new Set(['UNACCOMPANIED_MINOR', 'WHEELCHAIR', 'REDUCED_MOBILITY', 'MEDICAL']);
const PREMIUM_CABINS = new Set(['FIRST', 'BUSINESS']);
const PREMIUM_TIERS = new Set(['PLATINUM', 'GOLD']);

export interface Priority {
  priority: number;
  /** Machine-readable reasons, most important first: `UNACCOMPANIED_MINOR`, `CONNECTION_AT_RISK`, `GOLD`… */
  reasons: string[];
}

export function priorityOf(
  p: CorrelatorPassenger,
  connection: 'NONE' | 'HELD' | 'AT_RISK' | 'MISSED',
): Priority {
  const reasons: string[] = [];
  let priority: number = PRIORITY.OTHER;
  const needs = [...p.specialAssistance].sort();
  for (const need of needs)
    if (ARTICLE_11.has(need)) {
      reasons.push(need);
      priority = Math.min(priority, PRIORITY.ARTICLE_11);
    }
  for (const need of needs)
    if (!ARTICLE_11.has(need) && need !== 'UNKNOWN') {
      reasons.push(need === 'OTHER' ? 'SPECIAL_ASSISTANCE' : need);
      priority = Math.min(priority, PRIORITY.OTHER_ASSISTANCE);
    }
  if (connection === 'AT_RISK' || connection === 'MISSED') {
    reasons.push(connection === 'MISSED' ? 'CONNECTION_MISSED' : 'CONNECTION_AT_RISK');
    priority = Math.min(priority, PRIORITY.CONNECTION);
  }
  if (PREMIUM_CABINS.has(p.cabinClass)) {
    reasons.push(p.cabinClass);
    priority = Math.min(priority, PRIORITY.PREMIUM);
  }
  if (PREMIUM_TIERS.has(p.loyaltyTier) || p.loyaltyTier === 'SILVER') {
    reasons.push(p.loyaltyTier);
    if (PREMIUM_TIERS.has(p.loyaltyTier)) priority = Math.min(priority, PRIORITY.PREMIUM);
  }
  return { priority, reasons };
}
