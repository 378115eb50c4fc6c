// The demo outbox passes the mailer contract (read back from the composed message it saved) and keeps
// what the application shows: recipients, subject, attachments with their sizes, newest first.
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../kernel/clock.ts';
import { CONTRACT_FROM, mailerContract } from './mailer-contract.ts';
import { createMemoryOutbox, createOutboxMailer } from './outbox-mailer.ts';

mailerContract('outbox', async () => {
  const outbox = createMemoryOutbox();
  return {
    mailer: createOutboxMailer({ from: CONTRACT_FROM, save: outbox.save }),
    async readBack(messageId) {
      const entry = outbox.get(messageId);
      if (!entry) throw new Error(`no mail ${messageId} in the outbox`);
      return { raw: entry.raw, to: [...entry.to] };
    },
    cleanup: async () => {},
  };
});

describe('createOutboxMailer', () => {
  it('saves the mail as the application shows it, with the time of the clock', async () => {
    const outbox = createMemoryOutbox();
    const clock = fixedClock('2024-01-15T09:30:00Z');
    const mailer = createOutboxMailer({ from: CONTRACT_FROM, save: outbox.save, clock });
    const { messageId } = await mailer.send({
      to: ['mairie@commune.test'],
      subject: 'Accusé de réception',
      text: 'Bonjour',
      attachments: [
        { filename: 'acte.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4') },
      ],
    });
    const entry = outbox.get(messageId)!;
    expect(entry).toMatchObject({
      from: CONTRACT_FROM,
      to: ['mairie@commune.test'],
      subject: 'Accusé de réception',
      createdAt: new Date('2024-01-15T09:30:00Z'),
      attachments: [{ filename: 'acte.pdf', contentType: 'application/pdf', size: 8 }],
    });
    expect((await simpleParser(entry.raw)).date).toEqual(new Date('2024-01-15T09:30:00Z'));
  });

  it('keeps only the last mails in memory, newest first', async () => {
    const outbox = createMemoryOutbox(2);
    const mailer = createOutboxMailer({ from: CONTRACT_FROM, save: outbox.save });
    for (const subject of ['un', 'deux', 'trois'])
      await mailer.send({ to: ['a@commune.test'], subject, text: 'x' });
    expect(outbox.list().map((e) => e.subject)).toEqual(['trois', 'deux']);
  });

  it('does not report a mail as sent when it could not be saved', async () => {
    const mailer = createOutboxMailer({
      from: CONTRACT_FROM,
      save: async () => {
        throw new Error('table pleine');
      },
    });
    await expect(mailer.send({ to: ['a@commune.test'], subject: 'x', text: 'x' })).rejects.toThrow(
      'table pleine',
    );
  });
});
