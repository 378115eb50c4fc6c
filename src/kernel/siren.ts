// French public identifiers shared by every layer: SIREN / SIRET (Luhn key) and département codes.
// Pure functions; messages are French sentences that say what to fix.

/** Luhn checksum over a string of digits. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Computes the Luhn check digit to append to `body`. */
export function luhnCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (isLuhnValid(body + d)) return String(d);
  throw new Error('unreachable');
}

/** Returns null when valid, else a French sentence. Spaces are tolerated by the caller's normalisation. */
export function sirenProblem(value: string): string | null {
  if (!/^\d{9}$/.test(value)) return `Le SIREN « ${value} » doit comporter exactement 9 chiffres.`;
  if (!isLuhnValid(value))
    return `Le SIREN « ${value} » n'est pas valide : sa clé de contrôle est fausse. Vérifiez-le sur l'avis de situation INSEE.`;
  return null;
}

export function siretProblem(value: string, siren?: string): string | null {
  if (!/^\d{14}$/.test(value)) return `Le SIRET « ${value} » doit comporter exactement 14 chiffres.`;
  // La Poste's establishments are the one documented exception to the Luhn rule on SIRET.
  const isLaPoste = value.startsWith('356000000');
  if (!isLaPoste && !isLuhnValid(value))
    return `Le SIRET « ${value} » n'est pas valide : sa clé de contrôle est fausse.`;
  if (siren && !value.startsWith(siren))
    return `Le SIRET « ${value} » doit commencer par le SIREN de la collectivité (${siren}).`;
  return null;
}

/** Removes spaces and dots people type inside SIREN/SIRET numbers. */
export function normaliseDigits(value: string): string {
  return value.replace(/[\s.]/g, '');
}

const OVERSEAS = new Set(['971', '972', '973', '974', '975', '976', '977', '978', '986', '987', '988']);

/**
 * Normalises a département code to the 3-character @CTES form ("48" → "048", "2a" → "02A", "974").
 * Returns null if the code is not a French département.
 */
export function normaliseDepartement(raw: string): string | null {
  const v = raw.trim().toUpperCase();
  if (/^0?2[AB]$/.test(v)) return `02${v.slice(-1)}`;
  if (/^\d{1,3}$/.test(v)) {
    const n = Number(v);
    if (n >= 1 && n <= 95 && n !== 20) return String(n).padStart(3, '0');
    const three = v.padStart(3, '0');
    if (OVERSEAS.has(three)) return three;
  }
  return null;
}

export function departementProblem(raw: string): string | null {
  return normaliseDepartement(raw)
    ? null
    : `Le département « ${raw} » n'existe pas : indiquez son numéro (01 à 95, 2A, 2B, 971 à 976…).`;
}
