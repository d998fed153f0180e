import { describe, expect, it, vi } from 'vitest';
import { main } from './notifications.js';

describe('pnpm overfly notifications', () => {
  it('refuses what it cannot do with exit 2 and says why, before touching the database', async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => {
      errors.push(line);
    });
    try {
      expect(await main(['resend'])).toBe(2);
      expect(await main(['list', '--status', 'LOST'])).toBe(2);
      expect(await main(['list', '--channel', 'FAX'])).toBe(2);
      expect(await main(['list', '--limit', '0'])).toBe(2);
      expect(await main(['retry'])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors).toEqual([
      expect.stringMatching(/^usage:/),
      expect.stringMatching(/--status: one of PENDING/),
      expect.stringMatching(/--channel: one of EMAIL, SMS, WEBHOOK/),
      expect.stringMatching(/--limit/),
      expect.stringMatching(/name the notification ids, or --all-dead-lettered/),
    ]);
  });
});
