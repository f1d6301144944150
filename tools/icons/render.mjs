// Renders the app icon (public/icons/icon.svg) to the PNG sizes the web app manifest and iOS need,
// in headless Chromium with the CJK fonts installed (the icon's 客 is text). Run once after
// changing the SVG; the PNGs are committed:  node tools/icons/render.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '../node_modules/playwright-core/index.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const icons = path.resolve(here, '../../public/icons');
const svg = fs.readFileSync(path.join(icons, 'icon.svg'), 'utf8');
// name, size, padding (maskable icons keep the glyph inside the 80% safe zone)
const outputs = [
  ['icon-192.png', 192, 0],
  ['icon-512.png', 512, 0],
  ['icon-maskable-512.png', 512, 0.1],
  ['apple-touch-icon.png', 180, 0],
];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
for (const [name, size, pad] of outputs) {
  await page.setViewportSize({ width: size, height: size });
  const inner = Math.round(size * (1 - 2 * pad));
  // Maskable: a full-bleed background, the rounded icon inside the safe zone.
  const bg = pad > 0 ? 'background:#1f5f8b;' : '';
  await page.setContent(`<html><body style="margin:0;${bg}display:flex;align-items:center;justify-content:center;width:${size}px;height:${size}px">
    <div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body></html>`);
  await page.screenshot({ path: path.join(icons, name), omitBackground: pad === 0 });
  console.log(`${name} ${size}×${size}`);
}
await browser.close();
