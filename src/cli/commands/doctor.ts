// `relais doctor`: checks the installation and configuration, and says in French what is wrong and
// how to fix it. Never changes anything.
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ministryClientOptionsFromConfig } from '../../actes/gateway/gateway-from-config.ts';
import { trustDirOf } from '../../auth/create-auth-runtime.ts';
import { ConfigError, KEYS, loadConfig } from '../../config/index.ts';
import { openDatabase, pendingMigrations } from '../../db/index.ts';
import { maskUrl } from '../../kernel/logger.ts';
import type { CliIo } from '../context.ts';

interface Check {
  ok: boolean;
  text: string;
  fix?: string;
}

function nodeVersionCheck(): Check {
  const [maj, min] = process.versions.node.split('.').map(Number) as [number, number];
  const ok = maj > 20 || (maj === 20 && min >= 19);
  return {
    ok,
    text: `Node.js ${process.versions.node}`,
    fix: ok ? undefined : 'Installez Node.js 20.19 ou plus récent (22 recommandé).',
  };
}

function writableDirCheck(label: string, dir: string): Check {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return { ok: true, text: `${label} accessible en écriture : ${dir}` };
  } catch {
    return {
      ok: false,
      text: `${label} non accessible en écriture : ${dir}`,
      fix: 'Créez ce répertoire et donnez-en les droits à l’utilisateur qui fait tourner Relais.',
    };
  }
}

/** The ministry endpoint: certificate files readable and server pinned (production), or the simulator. */
function ministryChecks(config: ReturnType<typeof loadConfig>, cwd: string): Check[] {
  try {
    const options = ministryClientOptionsFromConfig(config, { cwd });
    return [
      options
        ? {
            ok: true,
            text: `Préfecture : dépôt à ${options.url}, certificat d’opérateur lisible, serveur épinglé`,
          }
        : {
            ok: true,
            text: 'Préfecture simulée (démonstration ou formation) : rien n’est transmis à une vraie préfecture',
          },
    ];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map((p) => ({
      ok: false,
      text: p,
      fix: 'Voir « Transmission des actes » dans le README.',
    }));
  }
}

/** Certificate sign-in needs the authorities' certificates in the trust folders (production). */
function trustCheck(config: ReturnType<typeof loadConfig>, cwd: string): Check {
  const dir = trustDirOf(config, cwd);
  const rgs = path.join(dir, 'rgs');
  const count = existsSync(rgs) ? readdirSync(rgs).filter((f) => /\.(pem|crt|cer)$/i.test(f)).length : 0;
  if (count > 0) return { ok: true, text: `${count} autorité(s) de certification RGS dans ${rgs}` };
  return config.mode === 'production'
    ? {
        ok: false,
        text: `Aucune autorité de certification RGS dans ${rgs}`,
        fix: 'Déposez-y les certificats des autorités acceptées (voir docs/authentification.md).',
      }
    : {
        ok: true,
        text: `Aucune autorité RGS dans ${rgs} : connexion de démonstration seulement (voir relais pki demo)`,
      };
}

export async function doctorCommand(io: CliIo): Promise<number> {
  const checks: Check[] = [nodeVersionCheck()];
  let config: ReturnType<typeof loadConfig> | null = null;
  try {
    config = loadConfig({ env: io.env, cwd: io.cwd });
    checks.push({ ok: true, text: `Configuration valide (mode ${config.mode})` });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    for (const p of e.problems)
      checks.push({ ok: false, text: p, fix: 'Voir la section « Configuration » du README.' });
  }

  if (config) {
    checks.push(writableDirCheck('Répertoire de données', config.dataDirAbs));
    checks.push(writableDirCheck('Répertoire des documents', config.documentsDirAbs));
    const lockFile = path.join(config.dataDirAbs, 'relais.lock');
    if (!config.databaseUrl && existsSync(lockFile)) {
      const owner = JSON.parse(readFileSync(lockFile, 'utf8') || '{}') as { pid?: number };
      checks.push({
        ok: true,
        text: `La base embarquée est utilisée par le processus ${owner.pid ?? '?'} : vérification de la base sautée.`,
      });
    } else {
      try {
        const db = await openDatabase(config);
        try {
          const pending = await pendingMigrations(db);
          checks.push({
            ok: true,
            text: config.databaseUrl
              ? `Serveur PostgreSQL joignable : ${maskUrl(config.databaseUrl)}`
              : `Base embarquée lisible : ${path.join(config.dataDirAbs, 'db')}`,
          });
          checks.push(
            pending.length
              ? {
                  ok: true,
                  text: `${pending.length} migration(s) de la base en attente : appliquées au prochain démarrage (ou par « relais migrate »)`,
                }
              : { ok: true, text: 'Schéma de la base à jour' },
          );
        } finally {
          await db.close();
        }
      } catch (e) {
        checks.push({
          ok: false,
          text: (e as Error).message,
          fix: 'Vérifiez DATABASE_URL et le serveur PostgreSQL.',
        });
      }
    }
    checks.push(...ministryChecks(config, io.cwd), trustCheck(config, io.cwd));
    if (config.mode === 'production' && config.publicUrl.startsWith('http://'))
      checks.push({
        ok: false,
        text: `Adresse publique non chiffrée : ${config.publicUrl}`,
        fix: `Indiquez une adresse https:// dans ${KEYS.publicUrl.env}.`,
      });
  }

  for (const c of checks) {
    io.out(`${c.ok ? '✔' : '✖'} ${c.text}`);
    if (!c.ok && c.fix) io.out(`    → ${c.fix}`);
  }
  const failed = checks.filter((c) => !c.ok).length;
  io.out(failed ? `${failed} problème(s) à corriger.` : 'Tout est en ordre.');
  return failed ? 1 : 0;
}
