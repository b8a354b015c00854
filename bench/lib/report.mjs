// Statistics, the fixed-width table and the JSON results.

export function stats(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], n: sorted.length };
}

export const median = (values) => stats(values)?.median ?? null;

// How sure a difference is: the median of the per-run differences a − b
// (each run opens every build back to back, so a slow moment of the machine
// lands on both sides of a pair) with its 95 % percentile bootstrap interval
// (the runs resampled with replacement, 4,000 rounds; seeded, so one results
// file always reads the same). Runs here spread widely (a remote open's maps
// 1.5–2.5 s): a 15-run median moves 100–300 ms between runs of one build, and
// only a difference whose interval excludes 0 says which build is faster.
export function pairedDifference(pairs, rounds = 4000) {
  const diffs = pairs.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b)).map(([a, b]) => a - b);
  if (diffs.length === 0) return null;
  // Fewer runs than this give a bootstrap interval that looks surer than it is.
  if (diffs.length < 10) return { diff: median(diffs), low: null, high: null };
  let seed = 1;
  // mulberry32, a small seeded generator (Math.random cannot be seeded).
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const resampled = Array.from({ length: rounds }, () => median(diffs.map(() => diffs[Math.floor(random() * diffs.length)])))
    .sort((x, y) => x - y);
  return {
    diff: median(diffs),
    low: resampled[Math.floor(rounds * 0.025)],
    high: resampled[Math.ceil(rounds * 0.975) - 1],
  };
}

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

// rows: [{ metric, unit, cells: { app: stats } }], or { section } lines;
// columns: [{ key, name, short }], the baseline last: each other app gets a ratio column.
export function table(title, rows, columns) {
  const baseline = columns[columns.length - 1];
  const others = columns.slice(0, -1);
  const w = [46, 28, 7];
  const width = w[0] + columns.length * (w[1] + 2) + others.length * (w[2] + 2);
  const line = '-'.repeat(width);
  const head = [pad('metric', w[0]),
    ...columns.map((c) => padLeft(`${c.name} min/med/max`, w[1])),
    ...others.map((c) => padLeft(`${c.short}×`, w[2]))];
  const out = [title, line, head.join('  '), line];
  for (const row of rows) {
    if (row.section) {
      out.push(row.section);
      continue;
    }
    const ratios = others.map((c) => {
      const r = ratio(row.cells[c.key]?.median, row.cells[baseline.key]?.median);
      return padLeft(r == null ? '—' : r.toFixed(2), w[2]);
    });
    out.push([pad(row.metric, w[0]), ...columns.map((c) => padLeft(triple(row.cells[c.key], row.unit), w[1])), ...ratios].join('  '));
  }
  out.push(line);
  return out.join('\n');
}

// The short dated table for the README: per profile, the two marks that say
// the view is there, as medians and ratios to the baseline.
export function summary(meta, profiles, placements, tables, columns, bytes) {
  const baseline = columns[columns.length - 1];
  const others = columns.slice(0, -1);
  const placement = placements[0];
  const find = (rows, section, metric) => {
    const at = rows.findIndex((r) => r.section === section);
    if (at < 0) return null;
    const end = rows.findIndex((r, i) => i > at && r.section);
    return rows.slice(at + 1, end < 0 ? undefined : end).find((r) => r.metric.trim() === metric) ?? null;
  };
  const cell = (row) => {
    if (!row) return '—';
    const medians = columns.map((c) => row.cells[c.key]?.median);
    const text = medians.map((m) => (m == null ? '—' : UNITS[row.unit](m))).join(' · ');
    const ratios = others.map((c) => ratio(row.cells[c.key]?.median, row.cells[baseline.key]?.median));
    return `${text} (${ratios.map((r) => (r == null ? '—' : `${r.toFixed(2)}×`)).join(' · ')})`;
  };
  const metrics = [
    ['50 leads (first view)', 'navigation → leadmap:first-rows', 'first rows, 50 leads'],
    ['50 leads (first view)', 'navigation → leadmap:maps-ready', 'entity maps complete, 50 leads'],
    ['50 attribute maps', 'navigation → leadmap:maps-ready', 'entity maps complete, 50 attribute maps'],
    ['50 leads (first view)', 'operations (a $batch counts its parts)', 'operations, first view'],
  ];
  const names = columns.map((c) => c.short).join(' · ');
  const out = [`Summary (${meta.date.slice(0, 10)}, ${meta.git ?? 'no git'}, ${meta.runs} runs, medians in ms: ${names}; × to the baseline)`, '',
    `| profile | ${metrics.map((m) => m[2]).join(' | ')} |`,
    `|---|${metrics.map(() => '---').join('|')}|`];
  for (const p of profiles) {
    const rows = tables[p.key]?.[placement] ?? [];
    out.push(`| ${p.short} | ${metrics.map(([section, metric]) => cell(find(rows, section, metric))).join(' | ')} |`);
  }
  const total = (rows) => rows?.[rows.length - 1]?.gzip;
  if (bytes.packaged) {
    out.push('', `Bytes (gzip -9): packaged ${UNITS.bytes(total(bytes.packaged))}, Trunk build ${UNITS.bytes(total(bytes.leadmap))}, baseline ${UNITS.bytes(total(bytes.baseline))}.`);
  }
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

// For each profile, each first-view mark: LeadMap against the baseline, and
// each earlier commit's build against today's build of the same kind, as
// pairedDifference gives them. `runs[profile][placement][page][app]` as
// results.json holds them (each result with its `run`); `pairs`: [[app, other, label]].
export function differences(runs, profiles, placement, pages, pairs) {
  const fmt = (v) => `${v > 0 ? '+' : ''}${v.toFixed(0)}`;
  const out = ['Differences, ms: the median of the per-run differences, with its 95 % bootstrap interval',
    '(an interval that excludes 0 tells the faster build; one that spans 0, neither)', ''];
  for (const profile of profiles) {
    for (const page of pages) {
      const byApp = runs[profile]?.[placement]?.[page.key];
      if (!byApp) continue;
      for (const mark of page.expected) {
        const byRun = (app) => new Map((byApp[app] ?? []).map((r, i) => [r.run ?? i, r.marks?.[mark]]));
        const cells = pairs.flatMap(([app, other, label]) => {
          const [mine, theirs] = [byRun(app), byRun(other)];
          const d = pairedDifference([...mine].map(([run, value]) => [value, theirs.get(run)]));
          if (!d) return [];
          return [`${label} ${fmt(d.diff)} ${d.low == null ? '(too few runs for an interval)' : `[${fmt(d.low)}, ${fmt(d.high)}]`}`];
        });
        if (cells.length) out.push(`  ${profile}, ${page.label}, ${mark}: ${cells.join('; ')}`);
      }
    }
  }
  return out.join('\n');
}
