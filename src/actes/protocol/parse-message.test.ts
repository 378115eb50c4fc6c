// parseMessage: lenient about what it receives, safe against hostile input, and it never throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMessage } from './build-message.ts';
import { GOLDEN_MESSAGES } from './golden/golden-messages.ts';
import { parseMessage } from './parse-message.ts';

const NS = 'http://www.interieur.gouv.fr/ACTES#v1.1-20040216';
const annulation = (prolog: string, id = '079-217901230-20240115-DEL2024_01-DE') =>
  `${prolog}<actes:Annulation xmlns:actes="${NS}" actes:IDActe="${id}"/>`;

function error(input: string | Uint8Array, maxBytes?: number): string {
  const r = parseMessage(typeof input === 'string' ? Buffer.from(input, 'latin1') : input, { maxBytes });
  if (r.ok) throw new Error('expected a failure');
  return r.error;
}

describe('parseMessage', () => {
  it('keeps the raw bytes beside the message', () => {
    const bytes = buildMessage(GOLDEN_MESSAGES['6-1-Annulation']!);
    const r = parseMessage(bytes);
    expect(r.ok && r.raw).toBe(bytes);
    expect(r.ok && r.encoding).toBe('ISO-8859-1');
  });

  it('reads UTF-8 and ISO-8859-1 as their prologs declare, and UTF-8 when there is no prolog', () => {
    const objet = (prolog: string, encoding: BufferEncoding) =>
      Buffer.from(
        `${prolog}<actes:DemandePieceComplementaire xmlns:actes="${NS}" actes:IDActe="079-217901230-20240115-D1-DE" actes:DateCourrierPref="2024-01-02"><actes:DescriptionPieces>Pièce « été »</actes:DescriptionPieces><actes:Document><actes:NomFichier>x.pdf</actes:NomFichier></actes:Document></actes:DemandePieceComplementaire>`,
        encoding,
      );
    for (const [bytes, encoding] of [
      [objet('<?xml version="1.0" encoding="UTF-8"?>', 'utf8'), 'UTF-8'],
      [objet("<?xml version='1.0' encoding='iso-8859-1' ?>", 'latin1'), 'ISO-8859-1'],
      [objet('', 'utf8'), 'UTF-8'],
      [objet('\ufeff', 'utf8'), 'UTF-8'],
    ] as const) {
      const r = parseMessage(bytes);
      expect(r.ok && r.encoding).toBe(encoding);
      expect(r.ok && r.message.kind === 'DemandePieceComplementaire' && r.message.descriptionPieces).toBe(
        'Pièce « été »',
      );
    }
  });

  it('reads windows-1252 (the usual mislabel) with its curly quotes and euro sign', () => {
    const bytes = Buffer.concat([
      Buffer.from(
        `<?xml version="1.0" encoding="windows-1252"?><actes:LettreObservations xmlns:actes="${NS}" actes:IDActe="079-217901230-20240115-D1-DE" actes:DateCourrierPref="2024-01-02"><actes:Motif>`,
      ),
      Buffer.from([0x93, 0x80, 0x94]),
      Buffer.from(
        '</actes:Motif><actes:Document><actes:NomFichier>x.pdf</actes:NomFichier></actes:Document></actes:LettreObservations>',
      ),
    ]);
    const r = parseMessage(bytes);
    expect(r.ok && r.message.kind === 'LettreObservations' && r.message.motif).toBe('“€”');
  });

  it('refuses bytes that contradict a UTF-8 prolog, and encodings the protocol does not use', () => {
    expect(error(`<?xml version="1.0" encoding="UTF-8"?>${annulation('').replace('079', '\xe9')}`)).toContain(
      'UTF-8',
    );
    expect(error(annulation('<?xml version="1.0" encoding="EBCDIC"?>'))).toContain('EBCDIC');
    expect(error(Buffer.from(`\ufeff${annulation('')}`, 'utf16le'))).toContain('UTF-16');
  });

  it('accepts any namespace prefix and the unprefixed form, warning about the latter', () => {
    const r = parseMessage(
      Buffer.from(`<ns1:Annulation xmlns:ns1="${NS}" ns1:IDActe="079-217901230-20240115-D1-DE"/>`),
    );
    expect(r.ok && r.message).toEqual({ kind: 'Annulation', idActe: '079-217901230-20240115-D1-DE' });
    const bare = parseMessage(Buffer.from('<Annulation IDActe="079-217901230-20240115-D1-DE"/>'));
    expect(bare.ok && bare.warnings).toEqual(["Le message n'emploie pas l'espace de noms ACTES."]);
  });

  it('refuses DOCTYPE and entity declarations before parsing (billion laughs, external entities)', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>${annulation('').replace('/>', '>&lol2;</actes:Annulation>')}`;
    expect(error(lol)).toContain('DOCTYPE');
    expect(error(`<!DOCTYPE x SYSTEM "file:///etc/passwd">${annulation('')}`)).toContain('DOCTYPE');
  });

  it('decodes the predefined entities and character references, and refuses unknown entities', () => {
    const r = parseMessage(Buffer.from(annulation('', '079-217901230-20240115-D&#49;-DE')));
    expect(r.ok && r.message.kind === 'Annulation' && r.message.idActe).toBe('079-217901230-20240115-D1-DE');
    expect(error(annulation('').replace('/>', '>&nbsp;</actes:Annulation>'))).toContain('entité');
  });

  it('refuses input larger than the configured bound before parsing it', () => {
    expect(error(annulation(''), 50)).toContain('au-delà de 50 octets');
  });

  it('explains malformed XML, unknown roots and messages that cannot be tied to an act', () => {
    expect(error('<actes:Annulation')).toContain("n'est pas un XML bien formé");
    expect(error(`<actes:Bonjour xmlns:actes="${NS}"/>`)).toContain('« Bonjour »');
    expect(error(`<x:Annulation xmlns:x="urn:other" x:IDActe="a"/>`)).toContain("n'est pas un message @CTES");
    expect(error(`<actes:ARActe xmlns:actes="${NS}" actes:DateReception="2024-01-02"/>`)).toContain('IDActe');
    expect(error('')).toContain('vide');
    expect(error('<?xml version="1.0"?>')).toContain("n'est pas un XML bien formé");
  });

  it('reads an incomplete echo leniently, listing what is missing as warnings', () => {
    const r = parseMessage(
      Buffer.from(
        `<actes:ARActe xmlns:actes="${NS}" actes:IDActe="079-217901230-20240115-D1-DE" actes:DateReception="2024-01-02+01:00"/>`,
      ),
    );
    expect(r.ok && r.message).toMatchObject({
      kind: 'ARActe',
      dateReception: '2024-01-02',
      acteRecu: { objet: '', codesMatiere: [] },
    });
    expect(r.ok && r.warnings.length).toBeGreaterThan(2);
  });

  it('never throws, whatever the bytes', () => {
    const golden = Object.values(GOLDEN_MESSAGES).map((m) => buildMessage(m));
    const mutated = fc
      .tuple(fc.constantFrom(...golden), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }))
      .map(([bytes, at, patch]) => {
        const copy = Buffer.from(bytes);
        copy.set(patch.subarray(0, Math.max(0, copy.length - (at % copy.length))), at % copy.length);
        return copy;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated), (bytes) => {
        const r = parseMessage(bytes);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('survives deep nesting without exhausting the stack', () => {
    const deep = `<actes:Acte xmlns:actes="${NS}">${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</actes:Acte>`;
    expect(parseMessage(Buffer.from(deep)).ok).toBe(false);
  });
});
