// What the benchmark and the trace open: the profiles, the three pages
// (LeadMap as Trunk builds it, as the packaged solution serves it, and the
// baseline) and the URL a user opens for each.
import { join } from 'node:path';

import { REMOTE } from './page.mjs';

// Real org: the remote profile plus the emulator's modelled server time
// (emulator/src/server_time.rs); warm: the same form opened before in the same browser.
export function profiles(warmOpens) {
  return {
    local: { short: 'local', title: 'local (loopback, no throttling)', remote: false, serverTime: 'none', warmOpens: 0, interactions: true },
    remote: {
      short: 'remote',
      title: `remote (+${REMOTE.latency} ms round trip, ${(REMOTE.throughput * 8) / 1e6} Mbit/s, ${REMOTE.cpuSlowdown}× CPU slowdown)`,
      remote: true, serverTime: 'none', warmOpens: 0, interactions: true,
    },
    'org-cold': { short: 'real org, cold', title: 'real org, cold (remote + server time per operation)', remote: true, serverTime: 'realistic', warmOpens: 0, interactions: true },
    'org-warm': {
      short: 'real org, warm',
      title: `real org, warm (remote + server time; the same form opened ${warmOpens}× before in the same browser, uncounted)`,
      remote: true, serverTime: 'realistic', warmOpens, interactions: false,
    },
  };
}

// Each served by an emulator of its own at a cache-busting web resource path, as in an org.
// `solution`: the packager's output folder (without it, no packaged page).
// `before`: [{ rev, dist, solution }], earlier commits' builds measured in the same runs.
export function apps(root, { dist, solution, before }) {
  const trunkFiles = ['index.html', 'leadmap.js', 'leadmap_bg.wasm', 'leadmap.css'];
  // The web resources the packaged page loads (packager/src/page.rs).
  const packagedFiles = ['index.html', 'early_requests.js', 'leadmap.js', 'leadmap_wasm.js', 'leadmap.css'];
  return {
    leadmap: {
      name: 'LeadMap (Trunk)', short: 'Trunk', dist: dist ?? join(root, 'dist'),
      path: '/%7B638000000000000000%7D/webresources/new_/leadmap/index.html',
      files: trunkFiles,
    },
    ...(solution ? {
      packaged: {
        name: 'LeadMap (packaged)', short: 'packaged', webresources: join(solution, 'webresources'),
        // The cache-busting token the emulator serves --webresources under.
        path: '/%7B638000000000000001%7D/webresources/new_/leadmap/index.html',
        files: packagedFiles,
      },
    } : {}),
    ...Object.fromEntries((before ?? []).flatMap(({ rev, dist: revDist, solution: revSolution }) => [
      [`trunk@${rev}`, {
        name: `Trunk @${rev}`, short: `Trunk@${rev}`, dist: revDist,
        path: '/%7B638000000000000000%7D/webresources/new_/leadmap/index.html', files: trunkFiles,
      }],
      ...(revSolution ? [[`packaged@${rev}`, {
        name: `packaged @${rev}`, short: `packaged@${rev}`, webresources: join(revSolution, 'webresources'),
        path: '/%7B638000000000000001%7D/webresources/new_/leadmap/index.html', files: packagedFiles,
      }]] : []),
    ])),
    baseline: {
      name: 'baseline', short: 'baseline', dist: join(root, 'bench/baseline/dist'),
      path: '/%7B638000000000000000%7D/webresources/new_/leadmap/index.html',
      files: ['index.html', 'baseline.js', 'baseline.css'],
    },
  };
}

// The URL a user opens: the form host page with the web resource in its iframe
// (the host page adds the form's PassParams), or the web resource alone with them.
// target: { typename, id, data }
export function pageUrl(app, target, placement) {
  if (placement === 'form') {
    const q = new URLSearchParams({ typename: target.typename, id: target.id, data: target.data, src: app.path.slice(1) });
    return `/?${q}`;
  }
  const data = target.data ? `&data=${encodeURIComponent(target.data)}` : '';
  const type = target.typename === 'contact' ? 'type=2&' : '';
  return `${app.path}?${type}typename=${target.typename}&id=%7B${target.id.toUpperCase()}%7D&orgname=emulator&userlcid=1033&orglcid=1033${data}`;
}
