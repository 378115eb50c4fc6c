// What ISO-8859-1 and XML 1.0 can carry, and French sentences naming the character that they cannot.

/** Usual replacements for the characters word processors insert and ISO-8859-1 lacks. */
const SUGGESTIONS: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u0152': 'OE',
  '\u0153': 'oe',
  '\u20AC': 'EUR',
  '\u2022': '-',
  '\u00A0': ' ',
  '\u202F': ' ',
};

/** The code point as U+XXXX. */
export function codePointLabel(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** True for characters XML 1.0 forbids (C0 controls except tab, LF and CR) or that are C1 controls. */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);
}

/** The first character of `value` that cannot be written in an ISO-8859-1 @CTES file, if any. */
export function firstUnencodableChar(value: string): string | undefined {
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code > 0xff || isControl(code)) return char;
  }
  return undefined;
}

/** Every distinct character of `value` that cannot be written, in order of appearance. */
export function unencodableChars(value: string): string[] {
  const found = new Set<string>();
  for (const char of value) if (firstUnencodableChar(char) !== undefined) found.add(char);
  return [...found];
}

/** A French sentence explaining why `char` is refused in `what` and how to replace it. */
export function unencodableCharMessage(what: string, char: string): string {
  const code = char.codePointAt(0)!;
  if (code <= 0x9f) {
    return `${what} contient un caractère de contrôle invisible (${codePointLabel(char)}) : retapez le texte sans le copier-coller depuis un autre logiciel.`;
  }
  const suggestion = SUGGESTIONS[char];
  const fix =
    suggestion !== undefined ? `remplacez-le par « ${suggestion} »` : 'remplacez-le ou supprimez-le';
  return `${what} contient le caractère « ${char} » (${codePointLabel(char)}), que le format de la préfecture (ISO-8859-1) ne peut pas transmettre : ${fix}.`;
}

/**
 * Replaces the usual typographic characters by ISO-8859-1 equivalents. Only for an explicit user action
 * ("corriger automatiquement"): the codec itself never changes a text silently.
 */
export function transliterateToLatin1(value: string): string {
  let out = '';
  for (const char of value) out += SUGGESTIONS[char] ?? char;
  return out;
}

/** Encodes a string whose characters were checked with firstUnencodableChar. */
export function encodeLatin1(value: string): Buffer {
  const bad = firstUnencodableChar(value.replace(/[\t\n\r]/g, ''));
  if (bad !== undefined) throw new Error(`Cannot encode ${codePointLabel(bad)} in ISO-8859-1`);
  return Buffer.from(value, 'latin1');
}

// Node's TextDecoder reads windows-1252 as ISO-8859-1; these are the 27 code points that differ.
const CP1252: Record<number, string> = {
  128: '\u20ac',
  130: '\u201a',
  131: '\u0192',
  132: '\u201e',
  133: '\u2026',
  134: '\u2020',
  135: '\u2021',
  136: '\u02c6',
  137: '\u2030',
  138: '\u0160',
  139: '\u2039',
  140: '\u0152',
  142: '\u017d',
  145: '\u2018',
  146: '\u2019',
  147: '\u201c',
  148: '\u201d',
  149: '\u2022',
  150: '\u2013',
  151: '\u2014',
  152: '\u02dc',
  153: '\u2122',
  154: '\u0161',
  155: '\u203a',
  156: '\u0153',
  158: '\u017e',
  159: '\u0178',
};

/** Decodes windows-1252, the usual mislabel of ISO-8859-1 files written on Windows. */
export function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (c) => CP1252[c.charCodeAt(0)] ?? c);
}
