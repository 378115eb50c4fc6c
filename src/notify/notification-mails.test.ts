// The French notification mails: what each says, dates written the French way, every value escaped in
// the HTML and kept verbatim in the text, subjects on one line.
import { describe, expect, it } from 'vitest';
import { daysBetween, formatFrenchDate, oneLine, textToHtml } from './mail-format.ts';
import {
  type ActSummary,
  acknowledgementMail,
  deadlineReminderMail,
  defereMail,
  prefectureMessageMail,
  refusalMail,
} from './notification-mails.ts';

const act: ActSummary = {
  collectivite: 'Commune de Saint-Éloi',
  numeroInterne: 'DEL2024_01',
  objet: 'Vente du terrain "Les Ormes" <parcelle AB 12> & servitudes',
  idActe: '079-217901234-20240115-DEL2024_01-DE',
  url: 'https://relais.syndicat.test/actes/42',
};

const hostile = '<script>alert("x")</script>';

describe('notification mails', () => {
  it('announce an acknowledgement with its date, the deadline of a déféré and the stamped PDF', () => {
    const mail = acknowledgementMail({
      ...act,
      arDate: '2024-03-01',
      defereUntil: '2024-05-01',
      stampedPdfName: 'acte-tamponne.pdf',
    });
    expect(mail.subject).toBe(
      'Accusé de réception de la préfecture : DEL2024_01 – Vente du terrain "Les Ormes" <parcelle AB 12> & servitudes',
    );
    expect(mail.text).toContain('accusé réception de l’acte DEL2024_01 le 1er mars 2024');
    expect(mail.text).toContain('jusqu’au 1er mai 2024');
    expect(mail.text).toContain('acte-tamponne.pdf');
    expect(mail.text).toContain('Identifiant préfecture : 079-217901234-20240115-DEL2024_01-DE');
    expect(mail.text).toContain('Voir l’acte dans Relais : https://relais.syndicat.test/actes/42');
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain('<a href="https://relais.syndicat.test/actes/42">');
  });

  it('escape every value in the HTML and keep it verbatim in the text', () => {
    const mail = refusalMail({ ...act, collectivite: hostile, reason: `Pièce illisible ${hostile}` });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.html).toContain(
      'Vente du terrain &quot;Les Ormes&quot; &lt;parcelle AB 12&gt; &amp; servitudes',
    );
    expect(mail.text).toContain(`Collectivité : ${hostile}`);
  });

  it('quote the préfecture’s own words in a refusal, line by line', () => {
    const mail = refusalMail({
      ...act,
      idActe: undefined,
      refusedOn: '2024-01-16',
      reason: 'La pièce principale est illisible.\nMerci de la transmettre de nouveau.',
    });
    expect(mail.subject).toMatch(/^Acte refusé par la préfecture : DEL2024_01/);
    expect(mail.text).toContain('le 16 janvier 2024');
    expect(mail.text).toContain(
      '> La pièce principale est illisible.\n> Merci de la transmettre de nouveau.',
    );
    expect(mail.text).not.toContain('Identifiant préfecture');
    expect(mail.html).toContain('<blockquote');
    expect(mail.html).toContain('La pièce principale est illisible.<br>Merci de la transmettre de nouveau.');
  });

  it('name each kind of préfecture message and its deadline', () => {
    const pieces = prefectureMessageMail({
      ...act,
      kind: 'demande-pieces',
      receivedOn: '2024-02-05',
      deadline: '2024-04-05',
    });
    expect(pieces.subject).toMatch(/^Demande de pièces complémentaires : /);
    expect(pieces.text).toContain('une demande de pièces complémentaires');
    expect(pieces.text).toContain('au plus tard le 5 avril 2024');
    expect(
      prefectureMessageMail({ ...act, kind: 'lettre-observations', receivedOn: '2024-02-05' }).subject,
    ).toMatch(/^Lettre d’observations : /);
    const letter = prefectureMessageMail({
      ...act,
      kind: 'courrier-simple',
      receivedOn: '2024-02-05',
      message: 'Veuillez préciser la date.',
    });
    expect(letter.text).toContain('> Veuillez préciser la date.');
    expect(letter.text).not.toContain('au plus tard');
  });

  it('raise the alarm on a déféré', () => {
    const mail = defereMail({ ...act, receivedOn: '2024-03-12' });
    expect(mail.subject).toMatch(/^Alerte : acte déféré au tribunal administratif : DEL2024_01/);
    expect(mail.text).toContain('avis reçu le 12 mars 2024');
  });

  it('count the days left before a reply is due, or past it', () => {
    const remind = (today: string) =>
      deadlineReminderMail({ ...act, kind: 'lettre-observations', deadline: '2024-03-10', today }).text;
    expect(remind('2024-03-01')).toContain('Il reste 9 jours.');
    expect(remind('2024-03-09')).toContain('Il reste un jour.');
    expect(remind('2024-03-10')).toContain('C’est le dernier jour.');
    expect(remind('2024-03-11')).toContain('Le délai est dépassé depuis 1 jour.');
    expect(remind('2024-03-13')).toContain('depuis 3 jours.');
    expect(
      deadlineReminderMail({ ...act, kind: 'demande-pieces', deadline: '2024-03-10', today: '2024-03-01' })
        .subject,
    ).toMatch(/^Rappel : réponse attendue avant le 10 mars 2024 : /);
  });

  it('keep subjects on one line and links to http(s) addresses only', () => {
    const mail = defereMail({
      ...act,
      objet: 'Ligne 1\r\nBcc: x@y.test',
      url: 'javascript:alert(1)',
      receivedOn: '2024-03-12',
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.html).not.toContain('javascript:');
    expect(mail.html).not.toContain('<a ');
    expect(mail.text).not.toContain('javascript:');
  });
});

describe('mail formatting helpers', () => {
  it('write legal dates the French way', () => {
    expect(formatFrenchDate('2024-01-01')).toBe('1er janvier 2024');
    expect(formatFrenchDate('2024-08-15')).toBe('15 août 2024');
    expect(formatFrenchDate('pas une date')).toBe('pas une date');
  });

  it('count calendar days across a change of summer time', () => {
    expect(daysBetween('2024-03-30', '2024-04-01')).toBe(2);
    expect(daysBetween('2024-04-01', '2024-03-30')).toBe(-2);
  });

  it('shorten a subject with an ellipsis and turn text into escaped paragraphs', () => {
    expect(oneLine('a'.repeat(100), 10)).toBe(`${'a'.repeat(9)}…`);
    expect(textToHtml('un <b>\ndeux\n\ntrois')).toBe('<p>un &lt;b&gt;<br>deux</p>\n<p>trois</p>');
  });
});
