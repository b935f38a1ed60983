#!/usr/bin/env node
// The `partnership-hub` command. The client is written in TypeScript; tsx loads it as it is, so
// there is no build step to forget (see packages/sync-client/package.json).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
