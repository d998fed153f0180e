// SMS length by GSM 03.38 (3GPP TS 23.038): a text written only in the GSM 7-bit default
// alphabet is sent in septets (a character of the extension table, such as €, takes two);
// any other character makes the whole text UCS-2, counted in UTF-16 code units. Two
// concatenated segments carry 2 × 153 septets or 2 × 67 UCS-2 units.

const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

/** Two GSM-7 segments. */
export const SMS_MAX_GSM7_SEPTETS = 306;
/** Two UCS-2 segments. */
const SMS_MAX_UCS2_UNITS = 134;

export interface SmsSize {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  /** The most `units` allowed in two segments of that encoding. */
  max: number;
}

export function isGsm7(text: string): boolean {
  for (const c of text) if (!GSM7_BASIC.has(c) && !GSM7_EXTENSION.has(c)) return false;
  return true;
}

export function smsSize(text: string): SmsSize {
  if (!isGsm7(text)) return { encoding: 'UCS-2', units: text.length, max: SMS_MAX_UCS2_UNITS };
  let units = 0;
  for (const c of text) units += GSM7_EXTENSION.has(c) ? 2 : 1;
  return { encoding: 'GSM-7', units, max: SMS_MAX_GSM7_SEPTETS };
}

/** Whether the text fits two segments: ≤ 306 septets in GSM-7, else ≤ 134 UTF-16 units. */
export function fitsSms(text: string): boolean {
  const size = smsSize(text);
  return size.units <= size.max;
}

/** No-break, narrow no-break and thin spaces (which Intl puts in numbers) as plain spaces. */
export function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u2007\u2009\u202f]/g, ' ');
}
