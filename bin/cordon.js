#!/usr/bin/env node
// The `cordon` command. Runs the compiled server (dist/); `npm start` and `npm run build` compile it.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('../dist/server/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('Cordon is not built yet: run `npm run build` (or `npm start`) first.\n');
  process.exit(1);
}
await import(pathToFileURL(entry).href);
