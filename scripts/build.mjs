#!/usr/bin/env node
// Builds what is out of date: the server (tsc → dist/server, dist/domain) and the web app
// (vite → dist/web). A fingerprint of the inputs' paths, sizes and mtimes decides; --force rebuilds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const force = process.argv.includes('--force');
const stampFile = path.join(root, 'dist', '.build-stamps.json');
const stamps = fs.existsSync(stampFile) ? JSON.parse(fs.readFileSync(stampFile, 'utf8')) : {};

function walk(entry, out) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return;
  const stat = fs.statSync(full);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(full)) {
      if (name === 'node_modules' || name === 'dist') continue;
      walk(path.join(entry, name), out);
    }
  } else out.push(`${entry}:${stat.size}:${stat.mtimeMs}`);
}

function fingerprint(entries) {
  const files = [];
  for (const entry of entries) walk(entry, files);
  return createHash('sha256').update(files.sort().join('\n')).digest('hex');
}

function run(label, command, args) {
  const started = Date.now();
  process.stdout.write(`build: ${label}… `);
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    process.stdout.write('failed\n');
    process.stderr.write(result.stdout + result.stderr);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const targets = [
  {
    name: 'server',
    inputs: [
      'server/main.ts',
      'server',
      'domain',
      'tsconfig.json',
      'tsconfig.base.json',
      'tsconfig.build.json',
      'package.json',
    ],
    output: 'dist/server/main.js',
    build: () => run('server (tsc)', bin('tsc'), ['-p', 'tsconfig.build.json']),
  },
  {
    name: 'web',
    inputs: ['web/vite.config.ts', 'web', 'domain', 'package-lock.json'],
    output: 'dist/web/index.html',
    build: () =>
      run('web app (vite)', bin('vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']),
  },
];

for (const target of targets) {
  if (!fs.existsSync(path.join(root, target.inputs[0]))) continue;
  const print = fingerprint(target.inputs);
  if (!force && stamps[target.name] === print && fs.existsSync(path.join(root, target.output))) continue;
  target.build();
  stamps[target.name] = print;
  fs.mkdirSync(path.dirname(stampFile), { recursive: true });
  fs.writeFileSync(stampFile, JSON.stringify(stamps, null, 2));
}
