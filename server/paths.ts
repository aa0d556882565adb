import fs from 'node:fs';
import path from 'node:path';

/** The project's root (where package.json is), whether running from server/ (tsx, tests) or dist/server. */
export const projectRoot: string = (() => {
  let dir = import.meta.dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error('cannot find the project root (package.json) above ' + import.meta.dirname);
    dir = parent;
  }
  return dir;
})();

export const version: string = (
  JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }
).version;
