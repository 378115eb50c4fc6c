// The act's state machine: the path of an act, refusals, errors and cancellation; S²LOW statuses.
import { describe, expect, it } from 'vitest';
import {
  ACT_STATES,
  type ActState,
  canApply,
  FINAL_STATES,
  nextState,
  s2lowStatus,
  transitions,
} from './act-state.ts';

describe('act state machine', () => {
  it('follows the natural path of an act from draft to acknowledged', () => {
    let s: ActState = 'draft';
    for (const e of ['request_confirmation', 'confirm', 'built', 'sent', 'acknowledged'] as const)
      s = nextState(s, e)!;
    expect(s).toBe('acknowledged');
  });

  it('lets a refused act go back to draft to be fixed, and never resends an acknowledged act', () => {
    expect(nextState('sent', 'refused')).toBe('refused');
    expect(nextState('refused', 'edit')).toBe('draft');
    expect(canApply('acknowledged', 'submit')).toBe(false);
    expect(canApply('acknowledged', 'edit')).toBe(false);
  });

  it('retries errors of ours and cancels an acknowledged act through 6-1 then 6-2', () => {
    expect(nextState('built', 'failed')).toBe('error');
    expect(nextState('error', 'sent')).toBe('sent');
    expect(nextState('acknowledged', 'request_cancellation')).toBe('cancelling');
    expect(nextState('cancelling', 'cancelled')).toBe('cancelled');
  });

  it('reaches a final state from every non-final state', () => {
    const reachable = (from: ActState, seen = new Set<ActState>()): Set<ActState> => {
      seen.add(from);
      for (const t of transitions()) if (t.from === from && !seen.has(t.to)) reachable(t.to, seen);
      return seen;
    };
    for (const s of Object.keys(ACT_STATES) as ActState[])
      expect(
        [...reachable(s)].some((x) => FINAL_STATES.includes(x)),
        s,
      ).toBe(true);
  });

  it('maps states to S²LOW statuses, Validé two months after the AR', () => {
    expect(s2lowStatus('draft', null, '2026-01-01')).toBe(17);
    expect(s2lowStatus('sent', null, '2026-01-01')).toBe(3);
    expect(s2lowStatus('acknowledged', '2026-01-15', '2026-03-14')).toBe(4);
    expect(s2lowStatus('acknowledged', '2026-01-15', '2026-03-15')).toBe(5);
    expect(s2lowStatus('refused', null, '2026-01-01')).toBe(6);
    expect(s2lowStatus('error', null, '2026-01-01')).toBe(-1);
    expect(s2lowStatus('cancelled', '2026-01-15', '2026-01-20')).toBe(0);
  });
});
