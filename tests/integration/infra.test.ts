import vm from 'node:vm';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { infraStatus, infraUp } from '../../infra/src/index.js';
import { mailpit, sendSmtp } from '../support/mailpit.js';

describe('local infrastructure', () => {
  it('reuses everything that already runs when brought up a second time', async () => {
    await infraUp();
    const second = await infraUp();
    expect(second.started).toEqual([]);
    expect(second.reused).toEqual(['postgres', 'kafka', 'registry', 'mailpit']);
    expect(second.endpoints).toEqual(inject('infra'));
  });

  it('reports every component as answering', async () => {
    const status = await infraStatus();
    expect(status.map((row) => row.component)).toEqual([
      'postgres',
      'kafka',
      'registry',
      'mailpit',
    ]);
    for (const row of status) expect(row, row.component).toMatchObject({ answering: true });
  });

  it('serves PostgreSQL 15 or newer on the advertised url', async () => {
    const client = new pg.Client({ connectionString: inject('infra').postgresUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ server_version_num: string }>(
        'show server_version_num',
      );
      expect(Number(rows[0]?.server_version_num)).toBeGreaterThanOrEqual(150000);
      const version = await client.query<{ version: string }>('select version()');
      expect(version.rows[0]?.version).toMatch(/^PostgreSQL \d+/);
    } finally {
      await client.end();
    }
  });

  it('serves the Mailpit web page: HTML that loads the UI bundle, served as JavaScript', async () => {
    const { mailpitUrl } = inject('infra');
    const page = await fetch(`${mailpitUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const script = /<script src="([^"]*\/dist\/app\.js[^"]*)"/.exec(html)?.[1];
    const styles = /<link rel=stylesheet href="([^"]*\/dist\/app\.css[^"]*)"/.exec(html)?.[1];
    expect(script, html).toBeDefined();
    expect(styles, html).toBeDefined();

    const bundle = await fetch(new URL(script!, `${mailpitUrl}/`));
    expect(
      bundle.status,
      'the UI bundle (404: Mailpit was built without its web page, see .overfly/infra/mailpit/build.log)',
    ).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/^application\/javascript/);
    const code = await bundle.text();
    expect(code.length).toBeGreaterThan(100_000);
    // It parses as JavaScript (compiled, not run: it needs a browser).
    expect(() => new vm.Script(code, { filename: 'app.js' })).not.toThrow();
    const css = await fetch(new URL(styles!, `${mailpitUrl}/`));
    expect(css.status, 'the stylesheet').toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('keeps a mail sent over SMTP and shows it on the Mailpit API: subject, recipients, bodies', async () => {
    const { smtpHost, smtpPort } = inject('infra');
    const box = mailpit();
    const tag = `infra-${Date.now().toString(36)}`;
    const to = `${tag}@passengers.example.org`;
    const boundary = `=_${tag}`;
    await sendSmtp(smtpHost, smtpPort, {
      from: 'ops@overfly.example.org',
      to: [to, `${tag}-copy@passengers.example.org`],
      data: [
        'From: Overfly Ops <ops@overfly.example.org>',
        `To: Ana Passenger <${to}>`,
        `Cc: <${tag}-copy@passengers.example.org>`,
        `Subject: LX 318 delayed (${tag})`,
        `Message-ID: <${tag}@overfly.example.org>`,
        'MIME-Version: 1.0',
        `Content-Type: multipart/alternative; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Your flight LX 318 leaves at 14:40 UTC.',
        '.a line that starts with a dot',
        `--${boundary}`,
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Your flight <b>LX 318</b> leaves at 14:40 UTC.</p>',
        `--${boundary}--`,
        '',
      ].join('\n'),
    });

    const [summary] = await box.waitFor(`to:${to}`);
    expect(summary).toMatchObject({
      Subject: `LX 318 delayed (${tag})`,
      MessageID: `${tag}@overfly.example.org`,
      From: { Address: 'ops@overfly.example.org', Name: 'Overfly Ops' },
      To: [{ Address: to, Name: 'Ana Passenger' }],
    });
    const message = await box.message(summary!.ID);
    expect(message.Text).toContain('Your flight LX 318 leaves at 14:40 UTC.');
    expect(message.Text).toContain('\n.a line that starts with a dot');
    expect(message.HTML).toContain('<b>LX 318</b>');
    const headers = await box.headers(summary!.ID);
    expect(headers.Subject).toEqual([`LX 318 delayed (${tag})`]);
    expect(await box.raw(summary!.ID)).toContain(`Message-ID: <${tag}@overfly.example.org>`);

    await box.deleteAll();
    expect(await box.list()).toEqual([]);
  });
});
