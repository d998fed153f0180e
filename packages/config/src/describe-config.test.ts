import { describe, expect, it } from 'vitest';
import { commonConfig } from './common-config.js';
import { describeConfig } from './describe-config.js';
import { port, secret } from './fields.js';
import { defineConfig } from './load-config.js';

describe('describeConfig', () => {
  const variables = describeConfig(
    defineConfig({
      ...commonConfig,
      HTTP_PORT: port().default(3000).describe('REST and WebSocket port'),
      OPENSKY_CLIENT_SECRET: secret().describe('OpenSky OAuth2 client secret'),
    }),
  );
  const byName = new Map(variables.map((variable) => [variable.name, variable]));

  it('lists every variable in declaration order', () => {
    expect(variables.map((variable) => variable.name)).toEqual([
      ...Object.keys(commonConfig),
      'HTTP_PORT',
      'OPENSKY_CLIENT_SECRET',
    ]);
  });

  it('shows defaults, formats and descriptions', () => {
    expect(byName.get('HTTP_PORT')).toEqual({
      name: 'HTTP_PORT',
      required: false,
      default: '3000',
      format: 'a TCP port 1-65535',
      description: 'REST and WebSocket port',
      secret: false,
    });
    expect(byName.get('SHUTDOWN_TIMEOUT')?.default).toBe('10s');
    expect(byName.get('LOG_LEVEL')?.default).toBe('info');
  });

  it('shows a derived default with the variable it comes from', () => {
    expect(byName.get('KAFKA_BROKERS')).toMatchObject({
      required: false,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: docs show the shell-style default
      default: '127.0.0.1:${OVERFLY_KAFKA_PORT:-9092}',
    });
  });

  it('marks required variables and secrets', () => {
    expect(byName.get('OPENSKY_CLIENT_SECRET')).toMatchObject({ required: true, secret: true });
    expect(byName.get('METRICS_PORT')).toMatchObject({ required: false, secret: false });
    expect(byName.get('METRICS_PORT')?.default).toBeUndefined();
  });
});
