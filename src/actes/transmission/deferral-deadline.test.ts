// Deferral deadlines after an AR and after the préfecture's requests and letters.
import { describe, expect, it } from 'vitest';
import { deferralDeadline } from './deferral-deadline.ts';

describe('deferralDeadline', () => {
  it('runs two months (délai franc) from the receipt date', () => {
    const d = deferralDeadline({ nature: 'DE', receivedDate: '2026-03-10', exchanges: [] });
    expect(d).toMatchObject({ kind: 'until', date: '2026-05-11', startsFrom: '2026-03-10' });
  });

  it('is postponed to the next working day when the last day is a weekend or holiday', () => {
    const d = deferralDeadline({ nature: 'DE', receivedDate: '2026-09-10', exchanges: [] });
    expect(d).toMatchObject({ kind: 'until', date: '2026-11-12' }); // 11 Nov is a holiday
    const w = deferralDeadline({ nature: 'AR', receivedDate: '2026-09-20', exchanges: [] });
    expect(w).toMatchObject({ kind: 'until', date: '2026-11-23' }); // 21 Nov is a Saturday
  });

  it('runs one month for budget documents', () => {
    const d = deferralDeadline({ nature: 'BF', receivedDate: '2026-03-10', exchanges: [] });
    expect(d).toMatchObject({ kind: 'until', date: '2026-04-13' }); // 11 Apr is a Saturday
  });

  it('is suspended while a request for documents is unanswered, then restarts from the answer', () => {
    const asked = { code: '3-1' as const, date: '2026-03-20' };
    expect(deferralDeadline({ nature: 'DE', receivedDate: '2026-03-10', exchanges: [asked] }).kind).toBe(
      'suspended',
    );
    const d = deferralDeadline({
      nature: 'DE',
      receivedDate: '2026-03-10',
      exchanges: [asked, { code: '3-4', date: '2026-04-02' }],
    });
    expect(d).toMatchObject({ kind: 'until', startsFrom: '2026-04-02', date: '2026-06-03' });
  });

  it('restarts from the answer to a letter of observations, or from its implicit rejection', () => {
    const letter = { code: '4-1' as const, date: '2026-04-01' };
    const answered = deferralDeadline({
      nature: 'DE',
      receivedDate: '2026-03-10',
      exchanges: [letter, { code: '4-4', date: '2026-04-15' }],
    });
    expect(answered).toMatchObject({ startsFrom: '2026-04-15', date: '2026-06-16' });
    const silent = deferralDeadline({ nature: 'DE', receivedDate: '2026-03-10', exchanges: [letter] });
    expect(silent).toMatchObject({ startsFrom: '2026-06-01', date: '2026-08-03' }); // 2 Aug is a Sunday
  });

  it('is closed once the act has been referred to the court, and not started before the AR', () => {
    expect(
      deferralDeadline({
        nature: 'DE',
        receivedDate: '2026-03-10',
        exchanges: [{ code: '5-1', date: '2026-04-01' }],
      }).kind,
    ).toBe('closed');
    expect(deferralDeadline({ nature: 'DE', receivedDate: null, exchanges: [] }).kind).toBe('not_received');
  });
});
