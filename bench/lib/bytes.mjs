// Bytes shipped: each file a page loads, raw and compressed like a web server would.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export function shippedBytes(dir, files) {
  const rows = files.map(({ kind, file }) => {
    const raw = readFileSync(join(dir, file));
    return {
      kind,
      file,
      raw: raw.length,
      gzip: gzipSync(raw, { level: 9 }).length,
      brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const sum = (key) => rows.reduce((total, row) => total + row[key], 0);
  rows.push({ kind: 'total', file: '', raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') });
  return rows;
}
