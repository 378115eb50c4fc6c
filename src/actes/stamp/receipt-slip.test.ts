// The bordereau reads back in pdfjs with every fact of the transmission, in French, the same bytes each time.
import { describe, expect, it } from 'vitest';
import { readPdfText } from './fixtures/read-pdf-text.ts';
import { buildReceiptSlip, parisDateTime, type ReceiptSlipInput } from './receipt-slip.ts';

const HASH_MAIN = 'a3f1c0d2e4b5968778695a4b3c2d1e0f0123456789abcdef0123456789abcdef';
const HASH_ANNEX = '0f1e2d3c4b5a69788796a5b4c3d2e1f0fedcba9876543210fedcba9876543210';
const OBJET =
  'Approbation de la convention de mutualisation des services numériques entre la commune, la communauté de communes du Grand Pic Saint-Loup et le syndicat mixte « Hérault Numérique », fixant la répartition des charges (œuvres, maintenance, hébergement), les modalités de révision annuelle et de résiliation, ainsi que l’adhésion au groupement de commandes pour l’acquisition de certificats électroniques RGS** destinés aux élus et aux agents habilités à télétransmettre — année 2024 et suivantes, sous réserve du vote du budget primitif';

const input: ReceiptSlipInput = {
  operatorName: 'Hérault Numérique',
  collectivite: { name: 'Commune de Saint-Martin-de-Londres', siren: '213402605' },
  act: {
    natureLabel: 'Délibération',
    numeroInterne: 'DEL2024_017',
    objet: OBJET,
    decisionDate: '2024-01-12',
  },
  classification: [
    { code: '5', label: 'Institutions et vie politique' },
    { code: '5.7', label: 'Intercommunalité' },
  ],
  documents: [
    {
      role: 'main',
      fileName: '99_DE-034-213402605-20240112-DEL2024_017-DE-1-1_1.pdf',
      typology: { code: '99_DE', label: 'Délibération' },
      sha256: HASH_MAIN,
      size: 1_258_291,
    },
    {
      role: 'annex',
      fileName: '22_CV-034-213402605-20240112-DEL2024_017-DE-1-1_2.pdf',
      typology: { code: '22_CV', label: 'Convention' },
      sha256: HASH_ANNEX,
    },
  ],
  archiveName: 'HNU-EACT--213402605--20240115-1.tar.gz',
  sentAt: new Date('2024-01-15T09:32:05Z'),
  receiptDate: '2024-01-16',
  idActe: '034-213402605-20240112-DEL2024_017-DE',
  isSimulated: false,
  generatedAt: new Date('2024-01-16T13:00:00Z'),
};

/** Every string of the document, pages joined, with the wrapping undone (one space between lines). */
async function allText(pdf: Uint8Array): Promise<string> {
  const { pages } = await readPdfText(pdf);
  return pages.map((p) => p.items.map((i) => i.str).join(' ')).join(' ');
}

describe('buildReceiptSlip', () => {
  it('writes the collectivité, the act, its classification, documents, dates and IDActe', async () => {
    const text = await allText(await buildReceiptSlip(input));
    for (const expected of [
      'Bordereau d’acquittement',
      'Hérault Numérique',
      'Commune de Saint-Martin-de-Londres',
      '213402605',
      'Délibération',
      'DEL2024_017',
      '12/01/2024',
      '5 Institutions et vie politique',
      '5.7 Intercommunalité',
      '99_DE-034-213402605-20240112-DEL2024_017-DE-1-1_1.pdf (1,2 Mo)',
      '99_DE – Délibération',
      '22_CV – Convention',
      HASH_MAIN,
      HASH_ANNEX,
      'HNU-EACT--213402605--20240115-1.tar.gz',
      'Envoyé en préfecture le',
      '15/01/2024 à 10:32:05 (heure de Paris)',
      'Reçu en préfecture le',
      '16/01/2024 (date de l’accusé de réception)',
      '034-213402605-20240112-DEL2024_017-DE',
      'Bordereau établi le 16/01/2024 à 14:00:00',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/simul/i);
  });

  it('wraps a 500-character objet with its accents and typographic signs intact', async () => {
    const objet = OBJET.slice(0, 500);
    const text = await allText(await buildReceiptSlip({ ...input, act: { ...input.act, objet } }));
    expect(objet.length).toBe(500);
    expect(text).toContain(objet.replace(/\s+/g, ' ').trim());
  });

  it('marks every page of a demo or training slip as a simulation', async () => {
    const { pages } = await readPdfText(await buildReceiptSlip({ ...input, isSimulated: true }));
    const text = pages.map((p) => p.text).join('\n');
    expect(text).toContain('SIMULATION : SANS VALEUR JURIDIQUE');
    expect(text).toContain('Envoi simulé le');
    expect(text).toContain('Réception simulée le');
    expect(text).not.toContain('Envoyé en préfecture');
    for (const page of pages) expect(page.text).toContain('SIMULATION · page');
  });

  it('flows onto more pages when there are many annexes, numbering them "page n / N"', async () => {
    const documents = Array.from({ length: 30 }, (_, i) => ({
      role: 'annex' as const,
      fileName: `annexe-${i + 1}.pdf`,
      typology: { code: '99_AU', label: 'Autre document' },
      sha256: HASH_ANNEX,
    }));
    const { pages } = await readPdfText(await buildReceiptSlip({ ...input, documents }));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => {
      expect(page.text).toContain(`page ${i + 1} / ${pages.length}`);
    });
    expect(pages.at(-1)!.text).toContain('034-213402605-20240112-DEL2024_017-DE');
    for (const page of pages) {
      for (const item of page.items) expect(item.y).toBeLessThan(page.height);
    }
  });

  it('replaces characters outside WinAnsi instead of failing', async () => {
    const text = await allText(
      await buildReceiptSlip({
        ...input,
        collectivite: { ...input.collectivite, name: 'Commune de Łódź 東' },
      }),
    );
    expect(text).toContain('Commune de Lódz ?');
  });

  it('gives the same bytes for the same input, with the PDF dates taken from it', async () => {
    const first = await buildReceiptSlip(input);
    const second = await buildReceiptSlip(input);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const { info } = await readPdfText(first);
    expect(info.CreationDate).toBe('D:20240116130000Z');
    expect(info.Title).toBe('Bordereau d’acquittement 034-213402605-20240112-DEL2024_017-DE');
  });

  it('refuses a date that is not YYYY-MM-DD', async () => {
    await expect(buildReceiptSlip({ ...input, receiptDate: '16/01/2024' })).rejects.toThrow(/receiptDate/);
  });
});

describe('parisDateTime', () => {
  it('prints instants in Paris time, winter and summer', () => {
    expect(parisDateTime(new Date('2024-01-15T09:32:05Z'))).toBe('15/01/2024 à 10:32:05 (heure de Paris)');
    expect(parisDateTime(new Date('2024-07-01T22:30:00Z'))).toBe('02/07/2024 à 00:30:00 (heure de Paris)');
  });
});
