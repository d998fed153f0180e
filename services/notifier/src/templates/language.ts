/** Languages with templates. English is the fallback for any other language. */
export const languages = ['en', 'fr', 'de'] as const;

export type Language = (typeof languages)[number];

const FALLBACK_LANGUAGE: Language = 'en';

/**
 * The template language for a BCP 47 tag: its primary subtag, case-insensitively (`de-AT` and
 * `DE` are German, `fr-CA` French); a tag with no template, an empty or a missing one gives
 * English. `_` is read as `-` (`de_AT`, as POSIX locales write it).
 */
export function resolveLanguage(tag: string | null | undefined): Language {
  const primary = (tag ?? '').trim().split(/[-_]/, 1)[0]?.toLowerCase() ?? '';
  return languages.find((l) => l === primary) ?? FALLBACK_LANGUAGE;
}
