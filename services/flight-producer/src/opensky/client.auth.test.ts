import { describe, expect, it } from 'vitest';
import { createOpenSkyClient } from './client.js';
import { OpenSkyError } from './errors.js';
import { bearer, clientFor, SWITZERLAND, startFakeOpenSky } from './test-support/fake-opensky.js';

const credentials = { clientId: 'overfly-ci', clientSecret: 's3cret-do-not-log' };

describe('OpenSky OAuth2 client credentials', () => {
  it('posts a form-encoded client_credentials grant to the token endpoint', async () => {
    const fake = await startFakeOpenSky();
    await clientFor(fake, credentials).fetchStates(SWITZERLAND);

    const [tokenRequest] = fake.tokenRequests;
    expect(tokenRequest?.method).toBe('POST');
    expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(tokenRequest?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'overfly-ci',
      client_secret: 's3cret-do-not-log',
    });
    expect(fake.apiRequests.map(bearer)).toEqual(['token-1']);
  });

  it('fetches one token for many concurrent callers and reuses it', async () => {
    const fake = await startFakeOpenSky();
    const client = clientFor(fake, credentials);

    await Promise.all([1, 2, 3, 4, 5].map(() => client.fetchStates(SWITZERLAND)));
    await client.fetchStates(SWITZERLAND);

    expect(fake.tokenRequests).toHaveLength(1);
    expect(fake.apiRequests.map(bearer)).toEqual(Array(6).fill('token-1'));
  });

  it('refreshes the token at 80 % of expires_in, not before', async () => {
    const fake = await startFakeOpenSky();
    let clock = Date.UTC(2025, 0, 1, 12);
    const client = clientFor(fake, { ...credentials, now: () => clock });

    await client.fetchStates(SWITZERLAND);
    clock += 1_439_000; // 1 s short of 80 % of 1800 s
    await client.fetchStates(SWITZERLAND);
    expect(fake.tokenRequests).toHaveLength(1);

    clock += 1_000;
    await client.fetchStates(SWITZERLAND);
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.apiRequests.map(bearer)).toEqual(['token-1', 'token-1', 'token-2']);
  });

  it('answers a 401 with one forced token refresh and a retry', async () => {
    const fake = await startFakeOpenSky();
    fake.onStates = (request) =>
      bearer(request) === 'token-1'
        ? { status: 401, body: { error: 'revoked' } }
        : { body: { time: 1, states: [] } };
    const client = clientFor(fake, credentials);

    const result = await client.fetchStates(SWITZERLAND);

    expect(result.states).toEqual([]);
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.apiRequests.map(bearer)).toEqual(['token-1', 'token-2']);
  });

  it('gives up after a second 401 with FLIGHT_PRODUCER_OPENSKY_UNAUTHORIZED naming the client id, never the secret', async () => {
    const fake = await startFakeOpenSky();
    fake.onStates = () => ({ status: 401, body: { error: 'nope' } });
    const client = clientFor(fake, credentials);

    const error = await client.fetchStates(SWITZERLAND).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OpenSkyError);
    expect(error).toMatchObject({
      code: 'FLIGHT_PRODUCER_OPENSKY_UNAUTHORIZED',
      retriable: false,
      clientId: 'overfly-ci',
    });
    expect((error as Error).message).toContain('overfly-ci');
    expect(JSON.stringify(error)).not.toContain('s3cret');
    expect((error as Error).message).not.toContain('s3cret');
    expect(fake.apiRequests).toHaveLength(2);
    expect(fake.tokenRequests).toHaveLength(2);
  });

  it('reports refused credentials at the token endpoint as FLIGHT_PRODUCER_OPENSKY_UNAUTHORIZED', async () => {
    const fake = await startFakeOpenSky();
    fake.onToken = () => ({ status: 401, body: { error: 'unauthorized_client' } });
    const client = clientFor(fake, credentials);

    const error = await client.fetchStates(SWITZERLAND).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'FLIGHT_PRODUCER_OPENSKY_UNAUTHORIZED',
      clientId: 'overfly-ci',
    });
    expect((error as Error).message).not.toContain('s3cret');
    expect(fake.apiRequests).toHaveLength(0);
  });

  it('sends no Authorization header and asks for no token when anonymous', async () => {
    const fake = await startFakeOpenSky();
    await clientFor(fake).fetchStates(SWITZERLAND);

    expect(fake.tokenRequests).toHaveLength(0);
    expect(fake.apiRequests).toHaveLength(1);
    expect(fake.apiRequests[0]?.headers.authorization).toBeUndefined();
  });

  it('refuses half a credential pair at construction', () => {
    expect(() => createOpenSkyClient({ clientId: 'overfly-ci' })).toThrow(
      expect.objectContaining({ code: 'FLIGHT_PRODUCER_OPENSKY_INVALID_OPTIONS' }),
    );
    expect(() => createOpenSkyClient({ clientId: 'overfly-ci' })).toThrow(/clientSecret is not/);
  });
});
