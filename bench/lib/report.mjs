// Statistics, the fixed-width table and the JSON results.

export function stats(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], n: sorted.length };
}

export const median = (values) => stats(values)?.median ?? null;

const UNITS = {
  ms: (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1)),
  count: (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1)),
  bytes: (v) => (v >= 1024 * 1024 ? `${(v / 1024 / 1024).toFixed(2)} MiB` : v >= 1024 ? `${(v / 1024).toFixed(1)} KiB` : `${v} B`),
};

function triple(s, unit) {
  if (!s) return '—';
  const f = UNITS[unit];
  return s.min === s.max ? f(s.median) : `${f(s.min)} / ${f(s.median)} / ${f(s.max)}`;
}

export function ratio(a, b) {
  return a == null || b == null || b === 0 ? null : a / b;
}

const pad = (text, width) => String(text).padEnd(width);
const padLeft = (text, width) => String(text).padStart(width);

// rows: [{ metric, unit, leadmap: stats, baseline: stats, ratio }], or { section } lines.
export function table(title, rows) {
  const w = [46, 30, 30, 7];
  const line = '-'.repeat(w.reduce((a, b) => a + b + 2, 0));
  const out = [title, line,
    `${pad('metric', w[0])}  ${padLeft('LeadMap min / med / max', w[1])}  ${padLeft('baseline min / med / max', w[2])}  ${padLeft('LM/base', w[3])}`,
    line];
  for (const row of rows) {
    if (row.section) {
      out.push(row.section);
      continue;
    }
    const r = row.ratio == null ? '—' : row.ratio.toFixed(2);
    out.push(`${pad(row.metric, w[0])}  ${padLeft(triple(row.leadmap, row.unit), w[1])}  ${padLeft(triple(row.baseline, row.unit), w[2])}  ${padLeft(r, w[3])}`);
  }
  out.push(line);
  return out.join('\n');
}

// `packaged` (optional): LeadMap's web resources as an org serves them, listed after the ratio.
export function bytesTable(leadmap, baseline, packaged = null) {
  const w = [10, 26, 12, 12, 12];
  const line = '-'.repeat(w.reduce((a, b) => a + b + 2, 0) + 8);
  const out = ['Bytes shipped (gzip -9, brotli q11)', line,
    `${pad('page', w[0])}  ${pad('file', w[1])}  ${padLeft('raw', w[2])}  ${padLeft('gzip', w[3])}  ${padLeft('brotli', w[4])}`, line];
  for (const [name, rows] of [['LeadMap', leadmap], ['baseline', baseline]]) {
    for (const row of rows) {
      out.push(`${pad(name, w[0])}  ${pad(row.file || row.kind, w[1])}  ${padLeft(UNITS.bytes(row.raw), w[2])}  ${padLeft(UNITS.bytes(row.gzip), w[3])}  ${padLeft(UNITS.bytes(row.brotli), w[4])}`);
    }
  }
  const total = (rows) => rows[rows.length - 1];
  const [a, b] = [total(leadmap), total(baseline)];
  out.push(`${pad('LM/base', w[0])}  ${pad('total', w[1])}  ${padLeft(ratio(a.raw, b.raw).toFixed(2), w[2])}  ${padLeft(ratio(a.gzip, b.gzip).toFixed(2), w[3])}  ${padLeft(ratio(a.brotli, b.brotli).toFixed(2), w[4])}`);
  if (packaged) {
    out.push(line);
    for (const row of packaged) {
      out.push(`${pad('packaged', w[0])}  ${pad(row.file || row.kind, w[1])}  ${padLeft(UNITS.bytes(row.raw), w[2])}  ${padLeft(UNITS.bytes(row.gzip), w[3])}  ${padLeft(UNITS.bytes(row.brotli), w[4])}`);
    }
  }
  out.push(line);
  return out.join('\n');
}
