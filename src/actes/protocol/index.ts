// The pure @CTES codec: identifiers and their validators, file names, every message and envelope
// (builders and one parser), the archive writer and reader. No clock, no file system, no network.
// The XSD validator is in ./xsd-validator.ts, imported on its own because it loads a WASM module.
export * from './act-fields.ts';
export * from './act-files.ts';
export * from './act-nature.ts';
export * from './archive-error.ts';
export * from './archive-reader.ts';
export * from './archive-writer.ts';
export * from './build-collectivite.ts';
export * from './build-message.ts';
export * from './build-prefecture.ts';
export { compactDate, frenchDate, isIsoDate } from './dates.ts';
export * from './file-names.ts';
export * from './id-acte.ts';
export * from './identifiers.ts';
export { firstUnencodableChar, transliterateToLatin1, unencodableChars } from './latin1.ts';
export * from './message-types.ts';
export * from './parse-message.ts';
export { END_OF_TAR_BYTES, tarHeader, tarPadding } from './tar-header.ts';
export * from './validate-act-metadata.ts';
export * from './validation.ts';
