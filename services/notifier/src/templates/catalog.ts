import { de } from './de.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { type Language, resolveLanguage } from './language.js';
import type { Strings } from './strings.js';

/** Every language's strings: a language listed in `languages` without strings is a type error. */
const catalog: Record<Language, Strings> = { en, fr, de };

/** The strings for a BCP 47 tag (English when there are none in its language). */
export function stringsFor(languageTag: string | null | undefined): Strings {
  return catalog[resolveLanguage(languageTag)];
}
