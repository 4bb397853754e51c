#!/usr/bin/env node
// Draws build/icon.png (1024x1024): a certificate with a seal on a blue rounded square.
//
// electron-builder derives the Windows .ico and macOS .icns from this one PNG (it must be at
// least 512x512 for macOS), and uses it for the Linux AppImage/deb. Written by hand because no
// image tool is installed here; the PNG encoder is the minimal one of RFC 2083 (IHDR, one
// zlib-compressed IDAT of filter-0 scanlines, IEND, CRC-32 per chunk).
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const N = 1024;
const SS = 3; // supersampling per axis, for smooth edges

const roundRect = (x, y, x0, y0, x1, y1, r) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const circle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const tri = (x, y, [ax, ay], [bx, by], [cx, cy]) => {
  const s = (px, py, qx, qy, rx, ry) => (px - rx) * (qy - ry) - (qx - rx) * (py - ry);
  const d1 = s(x, y, ax, ay, bx, by), d2 = s(x, y, bx, by, cx, cy), d3 = s(x, y, cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};

/** Colour of one sample point, [r, g, b, a], painted back to front. */
function sample(x, y) {
  let c = [0, 0, 0, 0];
  if (roundRect(x, y, 64, 64, 960, 960, 200)) c = [31, 78, 140, 255]; // blue tile
  if (roundRect(x, y, 220, 190, 804, 700, 36)) c = [255, 255, 255, 255]; // certificate
  for (const [y0, x1] of [[280, 700], [350, 700], [420, 560]]) {
    if (roundRect(x, y, 300, y0, x1, y0 + 26, 13)) c = [150, 170, 200, 255]; // text lines
  }
  if (tri(x, y, [600, 720], [660, 880], [700, 760]) || tri(x, y, [760, 720], [700, 880], [660, 760])) c = [196, 60, 52, 255]; // ribbon
  if (circle(x, y, 680, 640, 120)) c = [232, 170, 40, 255]; // seal
  if (circle(x, y, 680, 640, 80) && !circle(x, y, 680, 640, 64)) c = [255, 214, 110, 255]; // seal ring
  return c;
}

const raw = Buffer.alloc((N * 4 + 1) * N);
for (let py = 0; py < N; py++) {
  raw[py * (N * 4 + 1)] = 0;
  for (let px = 0; px < N; px++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = sample(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
        acc[0] += c[0] * c[3]; acc[1] += c[1] * c[3]; acc[2] += c[2] * c[3]; acc[3] += c[3];
      }
    }
    const o = py * (N * 4 + 1) + 1 + px * 4;
    const a = acc[3];
    raw[o] = a ? Math.round(acc[0] / a) : 0;
    raw[o + 1] = a ? Math.round(acc[1] / a) : 0;
    raw[o + 2] = a ? Math.round(acc[2] / a) : 0;
    raw[o + 3] = Math.round(a / (SS * SS));
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = join(dirname(fileURLToPath(import.meta.url)), 'icon.png');
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
