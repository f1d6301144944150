#!/usr/bin/env node
// Converts the China map of the npm package echarts@4.9.0 (Apache-2.0; tools/package.json) into
// src/charts/china_map.rs: one SVG path per provincial-level division (all 34), projected, simplified
// and rounded to whole units, plus the South China Sea islands inset that ECharts draws beside every
// map of China. Run once, from the repository root, after `cd tools && npm ci`:
//
//     node tools/map/build-china-map.mjs
//
// Sources, all inside the package:
//   map/json/china.json               the 34 divisions (GB/T 2260 ids, coordinates in ECharts' UTF-8
//                                      delta encoding, WGS-84-like lon/lat)
//   lib/coord/geo/fix/nanhai.js        the South China Sea islands inset (南海诸岛), in its own units
//   lib/coord/geo/fix/diaoyuIsland.js  the Diaoyu Islands (钓鱼岛), added to Taiwan
//
// Projection: Albers equal-area conic, central meridian 105°E, standard parallels 25°N and 47°N
// (the usual projection of maps of China). Simplification: Douglas–Peucker per ring with a
// tolerance of TOLERANCE output units; islands smaller than MIN_ISLAND units across are dropped.
// The output is deterministic: running the script twice writes the same file.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = path.join(root, 'tools/node_modules/echarts');
const out = path.join(root, 'src/charts/china_map.rs');

const WIDTH = 1000; // viewBox width; the height follows from the map's shape
const MARGIN = 8;
const TOLERANCE = 0.7;
const MIN_ISLAND = 2.2;

const version = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).version;
if (version !== '4.9.0') throw new Error(`expected echarts 4.9.0 in tools/node_modules, found ${version}`);

// ---- reading ----

function decodeRing(encoded, [x0, y0]) {
  // ECharts' encoding: "@@" marks an encoded ring; each point is two UTF-16 code units, each a
  // zigzag-encoded delta (+64) from the previous point, in 1/1024 degree.
  const s = encoded.slice(2);
  const ring = [];
  let px = x0;
  let py = y0;
  for (let i = 0; i < s.length; i += 2) {
    let x = s.charCodeAt(i) - 64;
    let y = s.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    px += x;
    py += y;
    ring.push([px / 1024, py / 1024]);
  }
  return ring;
}

const geo = JSON.parse(fs.readFileSync(path.join(pkg, 'map/json/china.json'), 'utf8'));
if (!geo.UTF8Encoding) throw new Error('china.json is not in the encoded form this script reads');
const features = geo.features.map((f) => {
  const g = f.geometry;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const offsets = g.type === 'Polygon' ? [g.encodeOffsets] : g.encodeOffsets;
  return {
    code: Number(f.id),
    name: f.properties.name,
    polygons: polygons.map((rings, i) => rings.map((r, j) => decodeRing(r, offsets[i][j]))),
  };
});
if (features.length !== 34) throw new Error(`expected 34 divisions, found ${features.length}`);

function arrayLiteral(file, name) {
  const text = fs.readFileSync(path.join(pkg, 'lib/coord/geo/fix', file), 'utf8');
  const m = text.match(new RegExp(`var ${name} = (\\[[^;]*\\]);`));
  if (!m) throw new Error(`no \`var ${name}\` in ${file}`);
  return JSON.parse(m[1]);
}
// The inset: rings in its own units (x right, y down), 64 wide and 93.1 tall; ECharts anchors its
// top-left corner at 126°E 25°N.
const nanhai = arrayLiteral('nanhai.js', 'points');
const diaoyu = arrayLiteral('diaoyuIsland.js', 'points');
features.find((f) => f.code === 710000).polygons.push([diaoyu[0]]);

// ---- projecting ----

const rad = Math.PI / 180;
const [lon0, phi1, phi2] = [105 * rad, 25 * rad, 47 * rad];
const n = (Math.sin(phi1) + Math.sin(phi2)) / 2;
const C = Math.cos(phi1) ** 2 + 2 * n * Math.sin(phi1);
const rho0 = Math.sqrt(C) / n; // latitude of origin 0°
function albers([lon, lat]) {
  const rho = Math.sqrt(C - 2 * n * Math.sin(lat * rad)) / n;
  const theta = n * (lon * rad - lon0);
  return [rho * Math.sin(theta), -(rho0 - rho * Math.cos(theta))]; // y down, as in SVG
}

for (const f of features) f.polygons = f.polygons.map((rings) => rings.map((r) => r.map(albers)));

let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
for (const f of features)
  for (const rings of f.polygons)
    for (const [x, y] of rings[0]) {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
const scale = (WIDTH - 2 * MARGIN) / (maxX - minX);
const toView = ([x, y]) => [(x - minX) * scale + MARGIN, (y - minY) * scale + MARGIN];
for (const f of features) f.polygons = f.polygons.map((rings) => rings.map((r) => r.map(toView)));
const mapHeight = (maxY - minY) * scale + 2 * MARGIN;

// The inset at the bottom-right corner, as tall as 6.65° of latitude (ECharts' proportion).
const degree = (albers([110, 21])[1] - albers([110, 20])[1]) * -scale;
const insetScale = (6.65 * degree) / 93.1;
const insetW = 64 * insetScale;
const insetH = 93.1 * insetScale;
const insetX = WIDTH - MARGIN - insetW;
const insetY = mapHeight - MARGIN - insetH;
const inset = nanhai.map((ring) => ring.map(([x, y]) => [insetX + x * insetScale, insetY + y * insetScale]));
const HEIGHT = Math.ceil(mapHeight);

// ---- simplifying and writing ----

function perpendicular([x, y], [x1, y1], [x2, y2]) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len = Math.hypot(dx, dy);
  if (len === 0) return Math.hypot(x - x1, y - y1);
  return Math.abs(dy * x - dx * y + x2 * y1 - y2 * x1) / len;
}

function douglasPeucker(points, tolerance) {
  if (points.length < 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    let worst = -1;
    let at = -1;
    for (let i = a + 1; i < b; i++) {
      const d = perpendicular(points[i], points[a], points[b]);
      if (d > worst) {
        worst = d;
        at = i;
      }
    }
    if (worst > tolerance) {
      keep[at] = 1;
      stack.push([a, at], [at, b]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

function simplifyRing(ring) {
  // A closed ring: split at the point farthest from the first so both halves keep their ends.
  const open = ring.length > 1 && ring[0][0] === ring.at(-1)[0] && ring[0][1] === ring.at(-1)[1] ? ring.slice(0, -1) : ring;
  let far = 0;
  let best = -1;
  for (let i = 0; i < open.length; i++) {
    const d = Math.hypot(open[i][0] - open[0][0], open[i][1] - open[0][1]);
    if (d > best) {
      best = d;
      far = i;
    }
  }
  const first = douglasPeucker(open.slice(0, far + 1), TOLERANCE);
  const second = douglasPeucker([...open.slice(far), open[0]], TOLERANCE);
  return [...first, ...second.slice(1, -1)];
}

function extent(ring) {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
}

function area(ring) {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  return Math.abs(a / 2);
}

// Path data with whole units: absolute first point, then relative moves ("M12 34l1-2 3 0z").
function pathOf(rings, keepTiny) {
  let d = '';
  for (const ring of rings) {
    if (!keepTiny && extent(ring) < MIN_ISLAND) continue;
    const pts = simplifyRing(ring).map(([x, y]) => [Math.round(x), Math.round(y)]);
    const dedup = pts.filter((p, i) => i === 0 || p[0] !== pts[i - 1][0] || p[1] !== pts[i - 1][1]);
    if (dedup.length < 3 && !keepTiny) continue;
    let [px, py] = dedup[0];
    d += `M${px} ${py}`;
    const rel = [];
    for (const [x, y] of dedup.slice(1)) {
      rel.push(`${x - px}${y - py < 0 ? '' : ' '}${y - py}`);
      [px, py] = [x, y];
    }
    if (rel.length) d += 'l' + rel.join(' ').replace(/ -/g, '-');
    d += 'z';
  }
  return d;
}

function inside([x, y], ring) {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

function distanceToRings([x, y], rings) {
  let best = Infinity;
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[j];
      const [bx, by] = ring[i];
      const dx = bx - ax;
      const dy = by - ay;
      const t = dx || dy ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy))) : 0;
      best = Math.min(best, Math.hypot(x - (ax + t * dx), y - (ay + t * dy)));
    }
  return best;
}

// Where a label or tooltip points: the spot of the largest piece farthest from its edges (a coarse
// "pole of inaccessibility"; a centroid can fall outside a curved province such as Gansu).
function labelPoint(polygons) {
  const rings = polygons.reduce((a, b) => (area(b[0]) > area(a[0]) ? b : a));
  const outer = rings[0];
  const xs = outer.map((p) => p[0]);
  const ys = outer.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let best = [(x0 + x1) / 2, (y0 + y1) / 2];
  let bestD = -1;
  const steps = 48;
  for (let i = 0; i <= steps; i++)
    for (let j = 0; j <= steps; j++) {
      const p = [x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * j) / steps];
      if (!inside(p, outer) || rings.slice(1).some((h) => inside(p, h))) continue;
      const d = distanceToRings(p, rings);
      if (d > bestD) {
        bestD = d;
        best = p;
      }
    }
  return best.map(Math.round);
}

// Hong Kong, Macao and Shanghai are only a few units across: each gets a round marker out at sea
// (with a leader line to the region) that a finger can hit. Offsets in output units, from the
// region's label point.
const MARKERS = { 310000: [22, 6], 810000: [16, 14], 820000: [-10, 18] };

const shapes = features
  .slice()
  .sort((a, b) => a.code - b.code)
  .map((f) => {
    const keepTiny = f.code === 820000;
    const rings = f.polygons.flat();
    const d = pathOf(rings, keepTiny);
    const label = labelPoint(f.polygons);
    const m = MARKERS[f.code];
    const marker = m ? [label[0] + m[0], label[1] + m[1]] : null;
    return { code: f.code, name: f.name, d, label, marker };
  });

const insetPath = pathOf(inset, true);

const f1 = (v) => `${v}.0`;
let rs = `//! The map of China by province, generated by \`tools/map/build-china-map.mjs\` from the npm package
//! echarts@4.9.0 (Apache-2.0, Copyright the Apache Software Foundation; map/json/china.json and the
//! South China Sea islands inset of lib/coord/geo/fix/nanhai.js). Do not edit: change the script
//! and run it again. See docs/charts.md for the source, the licence and the size.
//!
//! Albers equal-area conic (105°E; 25°N and 47°N), fitted to a ${WIDTH}-unit-wide viewBox,
//! simplified to ${TOLERANCE} units and rounded to whole units.

use super::map::ProvinceShape;
use super::province::Province;

/// The map's viewBox: width and height.
pub const VIEW_BOX: (f64, f64) = (${f1(WIDTH)}, ${f1(HEIGHT)});

/// Credit for the map data, shown under the map.
pub const ATTRIBUTION: &str = "Map data: Apache ECharts 4.9.0 (Apache-2.0)";

/// The South China Sea islands inset (南海诸岛): its frame and the islands, as one filled path.
pub const SOUTH_CHINA_SEA: &str = "${insetPath}";

/// The inset's frame: x, y, width, height.
pub const SOUTH_CHINA_SEA_FRAME: (f64, f64, f64, f64) = (${[insetX, insetY, insetW, insetH].map((v) => v.toFixed(1)).join(', ')});

/// Every provincial-level division, in code order.
pub const SHAPES: [ProvinceShape; 34] = [
`;
const variant = {
  110000: 'Beijing', 120000: 'Tianjin', 130000: 'Hebei', 140000: 'Shanxi', 150000: 'InnerMongolia',
  210000: 'Liaoning', 220000: 'Jilin', 230000: 'Heilongjiang', 310000: 'Shanghai', 320000: 'Jiangsu',
  330000: 'Zhejiang', 340000: 'Anhui', 350000: 'Fujian', 360000: 'Jiangxi', 370000: 'Shandong',
  410000: 'Henan', 420000: 'Hubei', 430000: 'Hunan', 440000: 'Guangdong', 450000: 'Guangxi',
  460000: 'Hainan', 500000: 'Chongqing', 510000: 'Sichuan', 520000: 'Guizhou', 530000: 'Yunnan',
  540000: 'Xizang', 610000: 'Shaanxi', 620000: 'Gansu', 630000: 'Qinghai', 640000: 'Ningxia',
  650000: 'Xinjiang', 710000: 'Taiwan', 810000: 'HongKong', 820000: 'Macao',
};
for (const s of shapes) {
  if (!variant[s.code]) throw new Error(`unknown code ${s.code} (${s.name})`);
  rs += `    ProvinceShape {
        province: Province::${variant[s.code]},
        label: (${f1(s.label[0])}, ${f1(s.label[1])}),
        marker: ${s.marker ? `Some((${f1(s.marker[0])}, ${f1(s.marker[1])}))` : 'None'},
        path: "${s.d}",
    },
`;
}
rs += '];\n';
fs.writeFileSync(out, rs);

const bytes = shapes.reduce((a, s) => a + s.d.length, 0) + insetPath.length;
console.log(`wrote ${path.relative(root, out)}: viewBox ${WIDTH}×${HEIGHT}, ${bytes} bytes of path data`);
