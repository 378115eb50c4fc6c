// The classification model the act checks look codes up in, built once per published version instead
// of once per archive: building it allocates ~190 KB (every matière with its code and path), which the
// simulator promoted to old space for every act it received (15% of what it promoted, in the bench).
import { type Classification, classificationFromMessage } from '../../../actes/index.ts';
import type { RetourClassificationData } from '../../../actes/protocol/index.ts';
import { currentClassification, type SimulatorState } from '../journal/simulator-state.ts';

/**
 * The model of the state's current classification. Keyed by the identity of the version's data: a
 * publication appends a new object to the state, so the next call builds the new model. The model is
 * shared by every check and only read.
 */
export function classificationModel(state: SimulatorState): () => Classification {
  let source: RetourClassificationData | undefined;
  let model: Classification | undefined;
  return () => {
    const current = currentClassification(state);
    if (model === undefined || current !== source) {
      model = classificationFromMessage(current);
      source = current;
    }
    return model;
  };
}
