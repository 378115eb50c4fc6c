// The six natures of act (protocol §6): code 1–6, two-letter abbreviation used in IDActe and file names.

export const ACT_NATURES = [
  { code: 1, abbrev: 'DE', label: 'Délibération' },
  { code: 2, abbrev: 'AR', label: 'Acte réglementaire' },
  { code: 3, abbrev: 'AI', label: 'Acte individuel' },
  { code: 4, abbrev: 'CC', label: 'Contrat, convention et avenant' },
  { code: 5, abbrev: 'BF', label: 'Document budgétaire et financier' },
  { code: 6, abbrev: 'AU', label: 'Autre' },
] as const;

export type ActNatureCode = (typeof ACT_NATURES)[number]['code'];
export type ActNatureAbbrev = (typeof ACT_NATURES)[number]['abbrev'];
export type ActNature = (typeof ACT_NATURES)[number];

/** The nature for a code (1–6) or an abbreviation ("DE"…), or undefined. */
export function findActNature(input: number | string): ActNature | undefined {
  const raw = String(input).trim().toUpperCase();
  return ACT_NATURES.find((n) => String(n.code) === raw || n.abbrev === raw);
}

export function isActNatureCode(code: number): code is ActNatureCode {
  return ACT_NATURES.some((n) => n.code === code);
}
