#!/usr/bin/env node
// Entry point of the `relais` command: runs a bundle of the TypeScript sources, built on first use and
// whenever a source changed (see bundle.mjs); RELAIS_NO_BUNDLE=1 runs the sources through tsx instead.
import path from 'node:path';
import { loadCli } from './bundle.mjs';

const { runCli } = await loadCli(path.resolve(import.meta.dirname, '..'));
process.exitCode = await runCli(process.argv.slice(2));
