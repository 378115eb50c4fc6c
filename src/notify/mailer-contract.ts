// What every Mailer owes its callers, as one suite: the SMTP mailer (read back from a real SMTP sink)
// and the demo outbox (read back from the saved message) both run it.
import { Readable } from 'node:stream';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mailer } from './mailer.ts';

export interface MailerHarness {
  mailer: Mailer;
  /** The mail with this Message-ID, parsed as its recipient would read it, and the envelope recipients. */
  readBack(messageId: string): Promise<{ raw: Buffer; to: string[] }>;
  cleanup(): Promise<void>;
}

export const CONTRACT_FROM = 'Relais <relais@syndicat.test>';

const pdf = Buffer.from('%PDF-1.4\n% tampon\n%%EOF\n', 'latin1');

export function mailerContract(name: string, makeHarness: () => Promise<MailerHarness>): void {
  describe(`mailer contract: ${name}`, () => {
    let harness: MailerHarness;
    beforeEach(async () => {
      harness = await makeHarness();
    });
    afterEach(() => harness.cleanup());

    async function sendAndRead(mail: Parameters<Mailer['send']>[0]): Promise<[ParsedMail, string[], string]> {
      const { messageId } = await harness.mailer.send(mail);
      const { raw, to } = await harness.readBack(messageId);
      return [await simpleParser(raw), to, messageId];
    }

    it('sends the subject, text, HTML and attachments from buffers and streams, intact', async () => {
      const xml = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>', 'latin1');
      const [parsed, to] = await sendAndRead({
        to: ['mairie@commune.test', 'secretaire@commune.test'],
        subject: 'Accusé de réception — délibération n° 2024‑01',
        text: 'Bonjour,\nl’acte a été reçu par la préfecture.',
        html: '<p>Bonjour,<br>l’acte a été reçu par la préfecture.</p>',
        attachments: [
          { filename: 'acte-tamponné.pdf', contentType: 'application/pdf', content: pdf },
          {
            filename: 'ar.xml',
            contentType: 'application/xml',
            content: Readable.from([xml.subarray(0, 5), xml.subarray(5)]),
          },
        ],
      });
      expect(parsed.subject).toBe('Accusé de réception — délibération n° 2024‑01');
      expect(parsed.from?.text).toContain('relais@syndicat.test');
      expect(to.sort()).toEqual(['mairie@commune.test', 'secretaire@commune.test']);
      expect(parsed.text?.trim()).toBe('Bonjour,\nl’acte a été reçu par la préfecture.');
      expect(parsed.html).toContain('l’acte a été reçu');
      expect(parsed.attachments.map((a) => a.filename)).toEqual(['acte-tamponné.pdf', 'ar.xml']);
      expect(parsed.attachments[0]!.contentType).toBe('application/pdf');
      expect(parsed.attachments[0]!.content.equals(pdf)).toBe(true);
      expect(parsed.attachments[1]!.content.equals(xml)).toBe(true);
    });

    it('returns the Message-ID the mail carries', async () => {
      const [parsed, , messageId] = await sendAndRead({
        to: ['a@commune.test'],
        subject: 'Essai',
        text: 'x',
      });
      expect(messageId).toMatch(/^[^<>\s]+@[^<>\s]+$/);
      expect(parsed.messageId).toBe(`<${messageId}>`);
      expect(parsed.date).toBeInstanceOf(Date);
    });

    it('keeps a line break in the subject from adding a header', async () => {
      const [parsed] = await sendAndRead({
        to: ['a@commune.test'],
        subject: 'Objet\r\nBcc: espion@ailleurs.test',
        text: 'x',
      });
      expect(parsed.headers.has('bcc')).toBe(false);
      expect(parsed.subject).toBe('Objet Bcc: espion@ailleurs.test');
    });
  });
}
