// People and their roles. A person may work for several collectivités, with one or more roles in each.
import type { FieldProblem } from '../kernel/errors.ts';
import { emailProblem, phoneProblem } from './fields.ts';

export const ROLES = {
  admin: 'Administrateur de la collectivité',
  preparer: 'Agent qui prépare les actes',
  transmitter: 'Agent télétransmetteur',
  reader: 'Lecture seule',
  archivist: 'Archiviste',
} as const;

export type Role = keyof typeof ROLES;

export interface Membership {
  collectiviteId: string;
  roles: Role[];
  serviceId: string | null;
}

export interface User {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  function: string | null;
  isOperatorAdmin: boolean;
  /** One of the syndicat's registration-authority officers (certificate requests, handovers). */
  isRaOfficer: boolean;
  disabledAt: Date | null;
  memberships: Membership[];
}

export interface UserInput {
  name?: string;
  email?: string;
  phone?: string;
  function?: string;
  isOperatorAdmin?: boolean;
}

export interface NewUser {
  name: string;
  email: string;
  phone: string | null;
  function: string | null;
  isOperatorAdmin: boolean;
}

export function parseRoles(raw: string | readonly string[]): { roles: Role[]; problems: FieldProblem[] } {
  const parts = (typeof raw === 'string' ? raw.split(/[,\s]+/) : [...raw])
    .map((s) => s.trim())
    .filter(Boolean);
  const problems: FieldProblem[] = [];
  if (parts.length === 0)
    problems.push({
      field: 'roles',
      message: `Indiquez au moins un rôle parmi : ${Object.keys(ROLES).join(', ')}.`,
    });
  const unknown = parts.filter((p) => !(p in ROLES));
  if (unknown.length)
    problems.push({
      field: 'roles',
      message: `Rôle inconnu : ${unknown.join(', ')}. Rôles possibles : ${Object.entries(ROLES)
        .map(([k, v]) => `${k} (${v})`)
        .join(', ')}.`,
    });
  return { roles: [...new Set(parts)] as Role[], problems };
}

export function validateUser(
  input: UserInput,
): { ok: true; value: NewUser } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const name = (input.name ?? '').trim();
  if (!name) problems.push({ field: 'name', message: 'Le nom de la personne est obligatoire.' });
  else if (name.length > 200)
    problems.push({ field: 'name', message: 'Le nom ne doit pas dépasser 200 caractères.' });
  const email = (input.email ?? '').trim().toLowerCase();
  if (!email) problems.push({ field: 'email', message: 'L’adresse électronique est obligatoire.' });
  else {
    const p = emailProblem(email);
    if (p) problems.push({ field: 'email', message: p });
  }
  const phone = input.phone?.trim() || null;
  if (phone) {
    const p = phoneProblem(phone);
    if (p) problems.push({ field: 'phone', message: p });
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name,
      email,
      phone,
      function: input.function?.trim() || null,
      isOperatorAdmin: !!input.isOperatorAdmin,
    },
  };
}
