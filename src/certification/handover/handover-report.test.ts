// The handover report as its reader sees it: the text extracted by pdfjs (another implementation than
// the one that wrote it) carries every fact the face-to-face handover needs.
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../simulators/prefecture/test-support/pdf-text.ts';
import { HOLDER_COMMITMENTS, renderHandoverReport } from './handover-report.ts';

describe('handover report', () => {
  it('names the syndicat, officer, holder, collectivité, CA, certificate, identity check, commitments and both signatures', async () => {
    const pdf = await renderHandoverReport({
      syndicat: { name: 'Lozère Numérique', siren: '200012345', address: '4 rue de l’Ange, 48000 Mende' },
      officerName: 'Claire Valette',
      requestNumber: 42,
      holder: {
        name: 'Léa Fabre',
        function: 'Secrétaire de mairie',
        email: 'lea.fabre@example.fr',
        phone: '04 66 00 00 00',
      },
      collectivite: { name: 'Commune de Chanac', siren: '214800390' },
      legalRep: { name: 'Marie Maire', function: 'Maire' },
      authorityName: 'CCI Lozère (ChamberSign)',
      productLabel: 'Certificat RGS** sur clé USB, 3 ans',
      certificate: {
        serialHex: '5A0F33C2',
        subject: 'CN=Léa Fabre, O=Commune de Chanac, C=FR',
        issuer: 'CN=ChamberSign France CA3 RGS, C=FR',
        notBefore: new Date('2026-12-01T10:00:00Z'),
        notAfter: new Date('2029-12-01T10:00:00Z'),
      },
      appointment: { at: new Date('2026-12-03T13:30:00Z'), place: 'Mairie de Chanac, salle du conseil' },
      generatedAt: new Date('2026-12-02T08:00:00Z'),
    });
    const { text } = await pdfText(pdf);
    for (const expected of [
      'LOZÈRE NUMÉRIQUE',
      'PROCÈS-VERBAL DE REMISE D’UN CERTIFICAT ÉLECTRONIQUE',
      'Demande n° 42',
      'Nom : Léa Fabre',
      'Fonction : Secrétaire de mairie',
      'Collectivité : Commune de Chanac (SIREN 214800390)',
      'Représentant légal : Marie Maire, Maire',
      'Autorité de certification : CCI Lozère (ChamberSign)',
      'Produit : Certificat RGS** sur clé USB, 3 ans',
      'Numéro de série : 5A0F33C2',
      'CN=Léa Fabre, O=Commune de Chanac, C=FR',
      'du 1 décembre 2026 au 1 décembre 2029',
      'Carte nationale d’identité',
      'Passeport',
      'Identité vérifiée en face à face',
      'Officier d’enregistrement du syndicat : Claire Valette',
      'Date : 3 décembre 2026 à 14:30',
      'Lieu : Mairie de Chanac, salle du conseil',
      'Engagements du titulaire',
      'Le titulaire',
      'L’officier d’enregistrement',
      'Date et signature :',
    ])
      expect(text).toContain(expected);
    for (const c of HOLDER_COMMITMENTS) expect(text.replace(/\s+/g, ' ')).toContain(c.slice(0, 40));
  });

  it('leaves blanks to fill by hand when no appointment is set, and transliterates what WinAnsi cannot draw', async () => {
    const pdf = await renderHandoverReport({
      syndicat: { name: 'Syndicat', siren: '200012345', address: null },
      officerName: 'Claire Valette',
      requestNumber: 7,
      holder: { name: 'Łukasz Nowak', function: 'Agent', email: 'l@example.fr', phone: null },
      collectivite: { name: 'Commune', siren: '214800390' },
      legalRep: { name: 'M', function: 'Maire' },
      authorityName: 'CA',
      productLabel: 'P',
      certificate: {
        serialHex: '01',
        subject: 'CN=Łukasz Nowak',
        issuer: 'CN=CA',
        notBefore: new Date('2026-01-01T00:00:00Z'),
        notAfter: new Date('2027-01-01T00:00:00Z'),
      },
      appointment: { at: null, place: null },
      generatedAt: new Date('2026-01-02T00:00:00Z'),
    });
    const { text } = await pdfText(pdf);
    expect(text).toContain('Nom : Lukasz Nowak');
    expect(text).toMatch(/Date : \.{10,}/);
    expect(text).toMatch(/Lieu : \.{10,}/);
  });
});
