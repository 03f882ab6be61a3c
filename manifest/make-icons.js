// Draws the two Teams app icons with nothing but Node's zlib: color.png (192x192, the HMS crimson with a white
// speech bubble holding a plus, a help-desk sign) and outline.png (32x32, the same bubble in white on transparent).
// Run once (`node manifest/make-icons.js`) and commit the PNGs; the packaging command only copies them.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** An RGBA PNG from pixel(x, y) => [r, g, b, a]. */
function png(size, pixel) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// The sign in unit coordinates (0..1): a rounded bubble with a tail, and a plus inside it.
function inRoundedRect(u, v, x0, y0, x1, y1, r) {
  if (u < x0 || u > x1 || v < y0 || v > y1) return false;
  const cx = Math.min(Math.max(u, x0 + r), x1 - r);
  const cy = Math.min(Math.max(v, y0 + r), y1 - r);
  return (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
}
const bubble = (u, v) => inRoundedRect(u, v, 0.16, 0.14, 0.84, 0.66, 0.09) || (v >= 0.64 && v <= 0.84 && u >= 0.3 && u <= 0.3 + (0.84 - v) * 1.1);
const plus = (u, v) => (Math.abs(u - 0.5) <= 0.05 && Math.abs(v - 0.4) <= 0.17) || (Math.abs(v - 0.4) <= 0.05 && Math.abs(u - 0.5) <= 0.17);

/** Averages 4x4 samples per pixel so edges are smooth. */
function coverage(size, x, y, inside) {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside((x + (i + 0.5) / 4) / size, (y + (j + 0.5) / 4) / size)) hits++;
  return hits / 16;
}

const crimson = [0xa5, 0x1c, 0x30];
const color = png(192, (x, y) => {
  const white = coverage(192, x, y, (u, v) => bubble(u, v) && !plus(u, v));
  const mix = (c) => Math.round(c * (1 - white) + 255 * white);
  return [mix(crimson[0]), mix(crimson[1]), mix(crimson[2]), 255];
});
// Outline: white only, on transparent (Teams requires it); the plus is cut out of the bubble.
const outline = png(32, (x, y) => [255, 255, 255, Math.round(255 * coverage(32, x, y, (u, v) => bubble(u, v) && !plus(u, v)))]);

fs.writeFileSync(path.join(__dirname, 'color.png'), color);
fs.writeFileSync(path.join(__dirname, 'outline.png'), outline);
console.log('wrote color.png (192x192) and outline.png (32x32)');
