/**
 * ITU-T E.164 as SMS providers take it: `+`, a country code that does not start with 0, and
 * at most 15 digits in all, nothing else (no spaces, dashes, brackets or trunk prefix). At
 * least 7 digits: no shorter international number is in service. Short codes and
 * alphanumeric sender ids are senders, never recipients, and are refused here.
 */
const E164 = /^\+[1-9]\d{6,14}$/;

export function isE164(value: string): boolean {
  return E164.test(value);
}
