// Per-collectivité classification and typology: the model read from a 7-2, lookup, search, act checks.
export * from './classification.ts';
export * from './search-matieres.ts';
export * from './validate-act-against-classification.ts';
