// The classification a préfecture returns in a 7-2: matières (up to 5 levels) with their labels, the
// natures of act with their allowed document types (ACTES 2.2 typology), and its date — indexed for
// lookup by code and for accent-insensitive search by words.
import type { MatiereNode, RetourClassificationData, TypePJ } from '../protocol/message-types.ts';

export interface MatiereEntry {
  /** Dotted code, e.g. "1.2.3". */
  code: string;
  levels: readonly number[];
  libelle: string;
  /** Labels from level 1 down to this entry. */
  path: readonly string[];
  children: readonly MatiereEntry[];
}

export interface NatureEntry {
  code: number;
  abbrev: string;
  libelle: string;
  /** Allowed document types; empty for a 1.x classification (no typology). */
  typologies: readonly TypePJ[];
}

export interface Classification {
  date: string;
  natures: readonly NatureEntry[];
  /** Level-1 matières, children sorted by code. */
  matieres: readonly MatiereEntry[];
  /** True when the natures carry document types (ACTES 2.2). */
  hasTypology: boolean;
  byCode: ReadonlyMap<string, MatiereEntry>;
}

function toEntries(
  nodes: readonly MatiereNode[],
  parent: MatiereEntry | undefined,
  index: Map<string, MatiereEntry>,
): MatiereEntry[] {
  const sorted = [...nodes].sort((a, b) => a.codeMatiere - b.codeMatiere);
  return sorted.map((node) => {
    const levels = [...(parent?.levels ?? []), node.codeMatiere];
    const libelle = node.libelle.trim();
    const entry: { -readonly [K in keyof MatiereEntry]: MatiereEntry[K] } = {
      code: levels.join('.'),
      levels,
      libelle,
      path: [...(parent?.path ?? []), libelle],
      children: [],
    };
    index.set(entry.code, entry);
    entry.children = toEntries(node.children, entry, index);
    return entry;
  });
}

/** Builds the model from a parsed 7-2 (either shape). */
export function classificationFromMessage(m: RetourClassificationData): Classification {
  const byCode = new Map<string, MatiereEntry>();
  const matieres = toEntries(m.matieres, undefined, byCode);
  const natures = [...m.naturesActes]
    .sort((a, b) => a.codeNatureActe - b.codeNatureActe)
    .map((n) => ({
      code: n.codeNatureActe,
      abbrev: n.typeAbrege,
      libelle: n.libelle.trim(),
      typologies: n.typesPJ,
    }));
  return {
    date: m.dateClassification,
    natures,
    matieres,
    hasTypology: natures.some((n) => n.typologies.length > 0),
    byCode,
  };
}

/** The matière for "1.2.3" or [1, 2, 3]. */
export function findMatiere(c: Classification, code: string | readonly number[]): MatiereEntry | undefined {
  return c.byCode.get(typeof code === 'string' ? code.trim() : code.join('.'));
}

/** The nature for a code (1–6) or abbreviation ("DE"). */
export function findNature(c: Classification, nature: number | string): NatureEntry | undefined {
  const key = String(nature).trim().toUpperCase();
  return c.natures.find((n) => String(n.code) === key || n.abbrev.toUpperCase() === key);
}

/** The document types allowed for a nature (empty if unknown or if the classification has none). */
export function allowedTypologies(c: Classification, nature: number | string): readonly TypePJ[] {
  return findNature(c, nature)?.typologies ?? [];
}
