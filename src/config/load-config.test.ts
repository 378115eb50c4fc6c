// Configuration: defaults for demo mode, every key validated, problems reported in French naming the key.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYS } from './keys.ts';
import { ConfigError, loadConfig } from './load-config.ts';

const cwd = '/srv/relais';

describe('loadConfig', () => {
  it('gives demo mode with an embedded database under ./data when nothing is set', () => {
    const c = loadConfig({ env: {}, cwd });
    expect(c.mode).toBe('demo');
    expect(c.databaseUrl).toBe('');
    expect(c.dataDirAbs).toBe('/srv/relais/data');
    expect(c.documentsDirAbs).toBe('/srv/relais/data/documents');
    expect(c.roles).toEqual(['web', 'worker']);
    expect(c.publicUrl).toBe('http://localhost:8080');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('honours RELAIS_DATA_DIR and typed values', () => {
    const c = loadConfig({
      env: { RELAIS_DATA_DIR: '/var/lib/relais', RELAIS_HTTP_PORT: '9000', RELAIS_ROLES: 'worker' },
      cwd,
    });
    expect(c.dataDirAbs).toBe('/var/lib/relais');
    expect(c.httpPort).toBe(9000);
    expect(c.roles).toEqual(['worker']);
    expect(c.sources.httpPort).toBe('environnement');
    expect(c.sources.mode).toBe('défaut');
  });

  it('reports every wrong value at once, naming the key and the fix in French', () => {
    try {
      loadConfig({
        env: {
          RELAIS_HTTP_PORT: 'quatre-vingt',
          RELAIS_MODE: 'prod',
          DATABASE_URL: 'mysql://x',
          RELAIS_ROLES: 'web,cron',
        },
        cwd,
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as ConfigError).message;
      expect(msg).toMatch(
        /RELAIS_HTTP_PORT : la valeur « quatre-vingt » n'est pas acceptée. Indiquez un nombre entier entre 0 et 65535/,
      );
      expect(msg).toMatch(/RELAIS_MODE : .*« demo », « production », « training »/);
      expect(msg).toMatch(/DATABASE_URL : .*postgres:\/\//);
      expect(msg).toMatch(/RELAIS_ROLES/);
      expect((e as ConfigError).problems).toHaveLength(4);
    }
  });

  it('requires a PostgreSQL server in production', () => {
    expect(() => loadConfig({ env: { RELAIS_MODE: 'production' }, cwd })).toThrow(
      /DATABASE_URL : en mode production/,
    );
  });

  it('reads an optional KEY=VALUE file, the environment winning over it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'relais-conf-'));
    writeFileSync(path.join(dir, 'relais.env'), 'RELAIS_HTTP_PORT=7000\nRELAIS_LOG_LEVEL=debug\n# comment\n');
    const c = loadConfig({ env: { RELAIS_CONFIG_FILE: 'relais.env', RELAIS_LOG_LEVEL: 'warn' }, cwd: dir });
    expect(c.httpPort).toBe(7000);
    expect(c.logLevel).toBe('warn');
    expect(c.sources.httpPort).toBe('fichier');
  });

  it('refuses unknown keys in the file and an unreadable file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'relais-conf-'));
    writeFileSync(path.join(dir, 'relais.env'), 'RELAIS_HTTP_PROT=7000\n');
    expect(() => loadConfig({ env: { RELAIS_CONFIG_FILE: 'relais.env' }, cwd: dir })).toThrow(
      /clé « RELAIS_HTTP_PROT » .* est inconnue/,
    );
    expect(() => loadConfig({ env: { RELAIS_CONFIG_FILE: 'absent.env' }, cwd: dir })).toThrow(
      /est illisible/,
    );
  });

  it('documents every key in the README with its default', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    for (const spec of Object.values(KEYS)) {
      expect(readme, spec.env).toContain(`\`${spec.env}\``);
      if ('default' in spec && spec.default) expect(readme, spec.env).toContain(`\`${spec.default}\``);
    }
  });
});
