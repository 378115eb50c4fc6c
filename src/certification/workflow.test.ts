import { describe, expect, it } from 'vitest';
import {
  availableActions,
  decide,
  missingDocuments,
  REQUEST_ACTIONS,
  REQUEST_STATES,
  type RequestAction,
  type RequestState,
  unacceptedDocuments,
} from './workflow.ts';

describe('certificate request workflow', () => {
  it('walks the whole path from draft to revocation with the right actors', () => {
    const path: [RequestAction, 'collectivite' | 'ra' | 'holder' | 'system', RequestState][] = [
      ['submit', 'collectivite', 'submitted'],
      ['check', 'ra', 'checked'],
      ['order', 'ra', 'sent_to_ca'],
      ['receive-token', 'ra', 'token_received'],
      ['schedule', 'ra', 'appointment_set'],
      ['hand-over', 'ra', 'handed_over'],
      ['link', 'holder', 'active'],
      ['renewal-due', 'system', 'renewal_due'],
      ['request-revocation', 'holder', 'revocation_requested'],
      ['confirm-revocation', 'ra', 'revoked'],
    ];
    let state: RequestState = 'draft';
    for (const [action, actor, expected] of path) {
      state = decide(state, action, actor);
      expect(state).toBe(expected);
    }
  });

  it('refuses an actor the table does not allow, with a French reason', () => {
    expect(() => decide('submitted', 'check', 'collectivite')).toThrow(
      /n’est pas une action que vous pouvez faire/,
    );
    expect(() => decide('draft', 'submit', 'ra')).toThrow(/FORBIDDEN|pouvez/);
    expect(() => decide('handed_over', 'link', 'collectivite')).toThrow(/pouvez/);
  });

  it('refuses an action at the wrong step, naming the step', () => {
    expect(() => decide('draft', 'check', 'ra')).toThrow(/étape « Brouillon »/);
    expect(() => decide('revoked', 'request-revocation', 'ra')).toThrow(/Révoqué/);
  });

  it('every rule names known states and a French label', () => {
    for (const rule of Object.values(REQUEST_ACTIONS)) {
      expect(rule.to in REQUEST_STATES).toBe(true);
      for (const s of rule.from) expect(s in REQUEST_STATES).toBe(true);
      expect(rule.label.length).toBeGreaterThan(5);
    }
  });

  it('lists what each actor may do at a step', () => {
    expect(availableActions('submitted', 'ra')).toEqual(['cancel', 'check', 'return']);
    expect(availableActions('submitted', 'collectivite')).toEqual(['cancel']);
    expect(availableActions('active', 'holder')).toEqual(['request-revocation']);
  });

  it('checks the file against the CA checklist', () => {
    const docs = [
      { kind: 'id-copy' as const, review: 'accepted' as const, purged: false },
      { kind: 'election-record' as const, review: 'refused' as const, purged: false },
      { kind: 'subscription-contract' as const, review: 'pending' as const, purged: false },
    ];
    const required = ['id-copy', 'election-record', 'subscription-contract'] as const;
    expect(missingDocuments(required, docs)).toEqual(['election-record']);
    expect(unacceptedDocuments(required, docs)).toEqual(['election-record', 'subscription-contract']);
  });
});
