// Per-collectivité classification and typology: the model read from a 7-2, lookup, search, act checks,
// and the process's cache of built models.
export * from './classification.ts';
export * from './classification-cache.ts';
export * from './search-matieres.ts';
export * from './validate-act-against-classification.ts';
