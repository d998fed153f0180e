/** Who is calling, as an API key or a JWT names them. */
export const ROLES = ['viewer', 'billing', 'ops', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A tenant scope: an operator's ICAO designator, such as "BAW". */
export const OPERATOR_DESIGNATOR = /^[A-Z]{3}$/;

export interface Principal {
  /** For logs: the key's name or the token's sub, never the key or the token. */
  name: string;
  role: Role;
  /**
   * Tenant scope: an operator's ICAO designator. A scoped key sees only that operator's
   * invoices, charges and disruptions (with the passenger decisions on them); another
   * operator's document answers 404, as if it did not exist.
   */
  operator: string | null;
}

/** Auth off (no API_KEYS, the local demo): every caller may read everything. */
export const ANONYMOUS: Principal = Object.freeze({
  name: 'anonymous',
  role: 'admin',
  operator: null,
});

/**
 * What each kind of data needs. viewer: traffic only; billing: traffic and money; ops:
 * traffic and disruptions; admin: everything, including replaying dead letters.
 */
const ACCESS = Object.freeze({
  traffic: ['viewer', 'billing', 'ops', 'admin'],
  billing: ['billing', 'admin'],
  ops: ['ops', 'admin'],
  admin: ['admin'],
} satisfies Record<string, readonly Role[]>);

export type Access = keyof typeof ACCESS;

export function allows(principal: Principal, access: Access): boolean {
  return (ACCESS[access] as readonly Role[]).includes(principal.role);
}

/**
 * The operator a list is narrowed to: a scoped key's own, else the one asked for (undefined:
 * every operator). null when a scoped key asks for another operator: the answer is an
 * empty list, not someone else's data.
 */
export function listOperator(
  principal: Principal,
  asked: string | undefined,
): { operator: string | undefined } | null {
  const scope = principal.operator;
  if (scope && asked && asked !== scope) return null;
  return { operator: scope ?? asked };
}

/** Whether a document of `operator` may be shown: another tenant's answers as a missing one (404). */
export function maySee(principal: Principal, operator: string | null): boolean {
  return principal.operator === null || operator === principal.operator;
}
