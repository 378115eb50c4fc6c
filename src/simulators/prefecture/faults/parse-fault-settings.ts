// Checks fault settings coming from outside (control API JSON, CLI option, environment variable) and
// says in French what is wrong; null for a kind turns it off.
import { FAULT_KINDS, type FaultSettings } from './fault-injector.ts';

export type FaultChanges = { [K in keyof FaultSettings]?: FaultSettings[K] | null };

export type ParsedFaults = { ok: true; value: FaultChanges } | { ok: false; problems: string[] };

const EXTRA_FIELDS: Record<string, readonly string[]> = {
  latency: ['minMs', 'maxMs'],
  httpError: ['status'],
  reorderMail: ['holdMs'],
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkRule(kind: string, rule: Record<string, unknown>, problems: string[]): void {
  const allowed = ['rate', 'max', ...(EXTRA_FIELDS[kind] ?? [])];
  for (const key of Object.keys(rule))
    if (!allowed.includes(key))
      problems.push(`${kind}.${key} : champ inconnu (champs possibles : ${allowed.join(', ')}).`);
  const rate = rule.rate;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))
    problems.push(`${kind}.rate doit être un nombre entre 0 et 1 (probabilité de la panne).`);
  const nonNegativeInteger = (key: string, label: string) => {
    const v = rule[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= 0))
      problems.push(`${kind}.${key} doit être un nombre entier positif (${label}).`);
  };
  nonNegativeInteger('max', 'nombre maximal de pannes');
  nonNegativeInteger('minMs', 'millisecondes');
  nonNegativeInteger('maxMs', 'millisecondes');
  nonNegativeInteger('holdMs', 'millisecondes');
  const status = rule.status;
  if (
    status !== undefined &&
    !(typeof status === 'number' && Number.isInteger(status) && status >= 500 && status <= 599)
  )
    problems.push(`${kind}.status doit être un code HTTP entre 500 et 599.`);
}

export function parseFaultSettings(input: unknown): ParsedFaults {
  if (!isObject(input))
    return {
      ok: false,
      problems: ['Les pannes se décrivent par un objet JSON, par exemple {"dropMail":{"rate":1,"max":1}}.'],
    };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (key === 'seed') {
      if (!(typeof value === 'number' && Number.isInteger(value)))
        problems.push('seed doit être un nombre entier (la graine du tirage).');
      continue;
    }
    if (!(FAULT_KINDS as readonly string[]).includes(key)) {
      problems.push(`Panne inconnue « ${key} » : choisissez parmi seed, ${FAULT_KINDS.join(', ')}.`);
      continue;
    }
    if (value === null) continue;
    if (!isObject(value))
      problems.push(`${key} doit être un objet comme {"rate":0.5,"max":3}, ou null pour l'arrêter.`);
    else checkRule(key, value, problems);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: input as FaultChanges };
}
