// Actes: the @CTES codec and the classification model (transmission, stamp and gateway come later).
export * from './classification/index.ts';
export * from './protocol/index.ts';
