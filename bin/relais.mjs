#!/usr/bin/env node
// Entry point of the `relais` command: loads the TypeScript sources through tsx (no build step needed).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
