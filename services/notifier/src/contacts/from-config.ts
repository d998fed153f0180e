import type { NotifierConfig } from '../config.js';
import type { ContactDirectory } from './contact.js';
import { httpDirectory } from './http-directory.js';
import { mockDirectory } from './mock-directory.js';

/** The directory CONTACTS_MODE names. */
export function contactDirectoryOf(config: NotifierConfig): ContactDirectory {
  if (config.CONTACTS_MODE === 'mock') return mockDirectory({ scenarios: config.MOCK_SCENARIOS });
  if (!config.CONTACTS_URL || !config.CONTACTS_TOKEN)
    throw new Error('CONTACTS_MODE=http needs CONTACTS_URL and CONTACTS_TOKEN');
  return httpDirectory({ baseUrl: config.CONTACTS_URL, token: config.CONTACTS_TOKEN });
}
