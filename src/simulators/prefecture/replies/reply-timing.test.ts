// Automatic replies leave after the configured delay; with the working-days option, a reply due on a
// weekend or a public holiday leaves at the opening of the next working day, dated that day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLASSIFICATION_DATE } from '../classification/default-classification.ts';
import {
  type Harness,
  messageOf,
  openReply,
  SIREN_A,
  startHarness,
} from '../test-support/simulator-harness.ts';
import { buildTestAct, buildTestArchive } from '../test-support/test-archives.ts';
import { parisInstant, replyDueAt } from './reply-timing.ts';

const timing = { delayMs: 60_000, workingDaysOnly: true, departement: '048' };

describe('replyDueAt', () => {
  it('adds the delay on a working day', () => {
    const at = new Date('2025-03-12T10:00:00+01:00');
    expect(replyDueAt(at, timing).toISOString()).toBe('2025-03-12T09:01:00.000Z');
    expect(replyDueAt(at, { ...timing, workingDaysOnly: false }).toISOString()).toBe(
      '2025-03-12T09:01:00.000Z',
    );
  });

  it('moves a Saturday to Monday at opening time, in winter and in summer time', () => {
    expect(replyDueAt(new Date('2025-03-15T10:00:00+01:00'), timing).toISOString()).toBe(
      '2025-03-17T07:01:00.000Z',
    );
    expect(replyDueAt(new Date('2025-06-28T10:00:00+02:00'), timing).toISOString()).toBe(
      '2025-06-30T06:01:00.000Z',
    );
  });

  it('skips public holidays: Ascension, then Whit Monday after a weekend', () => {
    expect(replyDueAt(new Date('2025-05-29T11:00:00+02:00'), timing).toISOString()).toBe(
      '2025-05-30T06:01:00.000Z',
    );
    expect(replyDueAt(new Date('2025-06-07T11:00:00+02:00'), timing).toISOString()).toBe(
      '2025-06-10T06:01:00.000Z',
    );
  });

  it('moves a reply pushed past midnight into a Saturday', () => {
    expect(replyDueAt(new Date('2025-03-14T23:59:30+01:00'), timing).toISOString()).toBe(
      '2025-03-17T07:01:00.000Z',
    );
  });

  it('reads Paris times on both sides of the clock change', () => {
    expect(parisInstant('2025-03-30', '08:00').toISOString()).toBe('2025-03-30T06:00:00.000Z');
    expect(parisInstant('2025-10-26', '08:00').toISOString()).toBe('2025-10-26T07:00:00.000Z');
  });
});

describe('working days only', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ workingDaysOnly: true, now: '2025-06-07T15:00:00+02:00' });
  });
  afterAll(() => h.stop());

  it('acknowledges an act received on Saturday before Whit Monday on the Tuesday, dated that day', async () => {
    const act = buildTestAct({
      siren: SIREN_A,
      numeroInterne: 'SAMEDI_01',
      date: '2025-06-06',
      classificationDate: DEFAULT_CLASSIFICATION_DATE,
    });
    const archive = await buildTestArchive(
      { siren: SIREN_A, date: '2025-06-07', counter: 1 },
      [act.message],
      act.documents,
    );
    expect(await h.post(archive)).toMatchObject({ status: 201 });
    await h.sim.flush();
    expect(h.smtp.mails).toHaveLength(0);
    const scheduled = h.sim.journal.query({ type: 'mail-scheduled', idActe: act.idActe })[0];
    expect(scheduled?.type === 'mail-scheduled' && scheduled.mail.dueAt).toBe('2025-06-10T06:00:00.000Z');

    h.clock.set('2025-06-09T12:00:00+02:00');
    await h.sim.flush();
    expect(h.smtp.mails).toHaveLength(0);

    h.clock.set('2025-06-10T08:00:00+02:00');
    await h.sim.flush();
    const [mail] = await h.smtp.waitForMails(1);
    expect(mail!.attachments[0]!.filename).toBe(`TACT--SPREF0481-${SIREN_A}-20250610-1.tar.gz`);
    const ar = messageOf(await openReply(mail!), 'ARActe');
    expect(ar.dateReception).toBe('2025-06-10');
    expect(h.sim.act(act.idActe)?.dateReception).toBe('2025-06-10');
  });
});
