// The act checks' classification model is built once per published version and follows a publication.
import { describe, expect, it } from 'vitest';
import { findMatiere } from '../../../actes/index.ts';
import { defaultClassification } from '../classification/default-classification.ts';
import { applyEntry, emptyState } from '../journal/simulator-state.ts';
import { classificationModel } from './classification-model.ts';

describe('classificationModel', () => {
  it('builds the model once and hands out the same one while the classification is unchanged', () => {
    const state = emptyState(defaultClassification(), []);
    const model = classificationModel(state);
    const first = model();
    expect(first.date).toBe(state.classifications[0]!.dateClassification);
    expect(model()).toBe(first);
  });

  it('builds the new version once it is published, even when only its matières changed', () => {
    const initial = defaultClassification();
    const state = emptyState(initial, []);
    const model = classificationModel(state);
    const before = model();
    expect(findMatiere(before, '5.2')).toBeDefined();
    const next = {
      ...initial,
      dateClassification: '2025-03-12',
      matieres: initial.matieres.filter((m) => m.codeMatiere !== 5),
    };
    applyEntry(state, {
      seq: 1,
      at: '2025-03-12T09:00:00.000Z',
      type: 'classification-published',
      classification: next,
    });
    const after = model();
    expect(after).not.toBe(before);
    expect(after.date).toBe('2025-03-12');
    expect(findMatiere(after, '5.2')).toBeUndefined();
    expect(model()).toBe(after);
  });
});
