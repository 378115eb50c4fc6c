// Finds matières by code prefix ("7.1") or by words, ignoring accents, case and small French words,
// each word matching the start of a word of the matière's label or of its parents' labels.
import type { Classification, MatiereEntry } from './classification.ts';

const STOP_WORDS = new Set([
  'a',
  'au',
  'aux',
  'd',
  'de',
  'des',
  'du',
  'en',
  'et',
  'l',
  'la',
  'le',
  'les',
  'par',
  'pour',
  'sur',
  'un',
  'une',
]);

/** Lower case, without accents, punctuation turned into spaces. */
export function normaliseForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function words(text: string): string[] {
  return normaliseForSearch(text).split(' ').filter(Boolean);
}

function allEntries(c: Classification): MatiereEntry[] {
  return [...c.byCode.values()];
}

function compareCodes(a: MatiereEntry, b: MatiereEntry): number {
  const n = Math.min(a.levels.length, b.levels.length);
  for (let i = 0; i < n; i++) if (a.levels[i] !== b.levels[i]) return a.levels[i]! - b.levels[i]!;
  return a.levels.length - b.levels.length;
}

/** Matières matching `query`, the best first: own label before parents' labels, then by code. */
export function searchMatieres(c: Classification, query: string, limit = 20): MatiereEntry[] {
  const q = query.trim();
  if (q === '') return [];
  if (/^\d+(\.\d+)*\.?$/.test(q)) {
    const prefix = q.replace(/\.$/, '');
    return allEntries(c)
      .filter((e) => e.code === prefix || e.code.startsWith(`${prefix}.`))
      .sort(compareCodes)
      .slice(0, limit);
  }
  const wanted = words(q).filter((w) => !STOP_WORDS.has(w));
  if (wanted.length === 0) return [];
  const scored: { entry: MatiereEntry; own: number }[] = [];
  for (const entry of allEntries(c)) {
    const own = words(entry.libelle);
    const inherited = entry.path.slice(0, -1).flatMap(words);
    let ownHits = 0;
    let ok = true;
    for (const w of wanted) {
      if (own.some((x) => x.startsWith(w))) ownHits++;
      else if (!inherited.some((x) => x.startsWith(w))) {
        ok = false;
        break;
      }
    }
    if (ok && ownHits > 0) scored.push({ entry, own: ownHits });
  }
  return scored
    .sort((a, b) => b.own - a.own || compareCodes(a.entry, b.entry))
    .slice(0, limit)
    .map((s) => s.entry);
}
