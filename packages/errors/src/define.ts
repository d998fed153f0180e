/**
 * One way for every package and service to declare its errors, as fastify's `FST_ERR_*`:
 * each code carries its owner's prefix, so a code seen in a log line or a dead-letter header
 * names where it came from, and no two owners can hand out the same one.
 */

/** What every error declares. Owners may add flags of their own (resilience's `failFast`). */
export interface ErrorSpec {
  readonly message: string;
  /** Another attempt, unchanged, may succeed: the consumer loop and retriers read this. */
  readonly retriable: boolean;
  /** The HTTP status an endpoint answers with, where the error reaches one. */
  readonly httpStatus?: number;
}

export type ErrorSpecs = Readonly<Record<string, ErrorSpec>>;

/** A spec with its full code, as `entries` lists it and `entry` returns it. */
export type ErrorEntry<C extends string = string, S extends ErrorSpec = ErrorSpec> = S & {
  readonly code: C;
};

type SpecOf<P extends string, S extends ErrorSpecs, C extends string> = C extends `${P}_${infer N}`
  ? N extends keyof S
    ? S[N]
    : never
  : never;

export interface ErrorCatalogue<P extends string = string, S extends ErrorSpecs = ErrorSpecs> {
  readonly prefix: P;
  /** Name → code, const-typed: `geoErrors.codes.FILE_UNREADABLE` is `'GEO_FILE_UNREADABLE'`. */
  readonly codes: { readonly [N in keyof S & string]: `${P}_${N}` };
  /** Every error in declaration order, for READMEs and the tests that keep them in sync. */
  readonly entries: readonly ErrorEntry<`${P}_${keyof S & string}`, S[keyof S]>[];
  /** The spec of one code, with its own extra flags typed. */
  entry<C extends `${P}_${keyof S & string}`>(code: C): ErrorEntry<C, SpecOf<P, S, C>>;
}

/** The codes of a catalogue: `CodeOf<typeof geoErrors>`. */
export type CodeOf<T extends ErrorCatalogue> = T['entries'][number]['code'];

const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/**
 * Declares an owner's errors: `defineErrors('GEO', { FILE_UNREADABLE: { message, retriable } })`
 * gives the code `GEO_FILE_UNREADABLE`. Throws at import time on a name that is not
 * UPPER_SNAKE or that repeats the prefix (`DB_DB_UNAVAILABLE`, `SCENARIOS_SCENARIO_INVALID`),
 * so a bad catalogue cannot ship.
 */
export function defineErrors<const P extends string, const S extends ErrorSpecs>(
  prefix: P,
  specs: S,
): ErrorCatalogue<P, S> {
  if (!UPPER_SNAKE.test(prefix)) throw new TypeError(`error prefix ${prefix} is not UPPER_SNAKE`);
  const singular = prefix.replace(/S$/, '');
  const byCode = new Map<string, ErrorEntry>();
  const codes: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (!UPPER_SNAKE.test(name)) throw new TypeError(`error name ${name} is not UPPER_SNAKE`);
    if (name.startsWith(`${prefix}_`) || name.startsWith(`${singular}_`))
      throw new TypeError(`error ${prefix}_${name} repeats its prefix; drop it from the name`);
    const code = `${prefix}_${name}`;
    codes[name] = code;
    byCode.set(code, Object.freeze({ ...spec, code }));
  }
  const entries = Object.freeze([...byCode.values()]);
  // Built name by name from `specs`, so it has exactly the mapped types; Object.entries
  // loses the keys' literal types on the way, hence the cast.
  return Object.freeze({
    prefix,
    codes: Object.freeze(codes),
    entries,
    entry(code: string) {
      const found = byCode.get(code);
      // The type admits only declared codes; this guards a cast or a plain-JS caller.
      if (!found) throw new TypeError(`${code} is not a ${prefix} error code`);
      return found;
    },
  }) as unknown as ErrorCatalogue<P, S>;
}
