// Trunk post-build hook (Trunk.toml): writes sw.js into the build from sw.template.js, with the
// list of every file of the build and a version that is a hash of their contents — so a new build
// is a new service worker, and an unchanged one is byte-for-byte the same.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const staging = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!staging) {
  console.error('precache: TRUNK_STAGING_DIR is not set (run as a Trunk hook, or pass the build folder)');
  process.exit(1);
}

function walk(dir, base = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = base ? `${base}/${e.name}` : e.name;
    return e.isDirectory() ? walk(path.join(dir, e.name), rel) : [rel];
  });
}

const files = walk(staging).filter((f) => f !== 'sw.js').sort();
const hash = crypto.createHash('sha256');
for (const f of files) {
  hash.update(f);
  hash.update(fs.readFileSync(path.join(staging, f)));
}
const version = hash.digest('hex').slice(0, 16);
const list = ['./', ...files.map((f) => `./${f}`)];
const template = fs.readFileSync(path.join(here, 'sw.template.js'), 'utf8');
const sw = template.replace('__VERSION__', version).replace('__FILES__', JSON.stringify(list, null, 2));
fs.writeFileSync(path.join(staging, 'sw.js'), sw);
console.log(`precache: sw.js version ${version}, ${list.length} files`);
