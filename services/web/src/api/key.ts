/** The api key the page sends, kept in this browser's localStorage (none: auth off). */
const STORAGE = 'overfly.apiKey';

export function apiKey(): string | null {
  try {
    return localStorage.getItem(STORAGE);
  } catch {
    return null;
  }
}

export function setApiKey(key: string | null): void {
  if (key === null || key.trim() === '') localStorage.removeItem(STORAGE);
  else localStorage.setItem(STORAGE, key.trim());
}
