// The file's step mails: what each side is told, in French, with every value escaped in the HTML.
import { describe, expect, it } from 'vitest';
import { fileStepMail } from './request-mails.ts';

const request = {
  number: 42,
  collectiviteName: 'Commune <de> Chanac',
  holder: {
    name: 'Lucie "Bonnal"',
    function: 'Secrétaire de mairie',
    email: 'lucie@example.fr',
    phone: null,
    isElected: false,
    roles: ['transmitter' as const],
  },
  productLabel: 'RGS** 3 ans',
};
const url = 'https://relais.test/certificats/demandes/r1';

describe('certificate request step mails', () => {
  it('tells the RA officers a file is to check, with the link', () => {
    const m = fileStepMail('submitted', request, { url });
    expect(m.subject).toBe('Demande de certificat n° 42 à vérifier : Commune <de> Chanac');
    expect(m.text).toContain(
      'Commune <de> Chanac a déposé la demande de certificat n° 42 pour Lucie "Bonnal"',
    );
    expect(m.text).toContain(url);
    expect(m.html).toContain('Commune &lt;de&gt; Chanac');
    expect(m.html).toContain('Lucie &quot;Bonnal&quot;');
    expect(m.html).not.toContain('<de>');
  });

  it('gives the collectivité the reasons of a return, escaped, and says what to do', () => {
    const m = fileStepMail('returned', request, { url, reasons: 'Pièce <illisible>\nRefaire le scan' });
    expect(m.subject).toBe('Demande de certificat n° 42 à compléter');
    expect(m.text).toContain('Pièce <illisible>\nRefaire le scan');
    expect(m.text).toContain('déposez-la de nouveau');
    expect(m.html).toContain('Pièce &lt;illisible&gt;<br>Refaire le scan');
  });

  it('announces a checked file and the handover to come', () => {
    const m = fileStepMail('checked', request, { url });
    expect(m.subject).toBe('Demande de certificat n° 42 validée par le syndicat');
    expect(m.text).toContain('en face à face');
  });
});
