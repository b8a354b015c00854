// Start and stop dataverse-emulator processes; every one started is stopped at exit.
import { spawn } from 'node:child_process';

const running = new Set();

function stopAll() {
  for (const child of running) child.kill('SIGTERM');
  running.clear();
}
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopAll();
    process.exit(130);
  });
}

// Resolves with { url, stop } once the emulator prints its address.
// `dist` (a Trunk build or the baseline) or `webresources` (the packaged solution's).
export function startEmulator(binary, { dist, webresources, generate }) {
  const args = ['--addr', '127.0.0.1:0', '--generate', generate];
  if (dist) args.push('--dist', dist);
  if (webresources) args.push('--webresources', webresources);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('the emulator did not start within 60 s')), 60_000);
    function fail(error) {
      clearTimeout(timer);
      stop();
      reject(new Error(`${error.message}\n${stderr}`));
    }
    function stop() {
      running.delete(child);
      if (child.exitCode === null) child.kill('SIGTERM');
      return new Promise((done) => (child.exitCode !== null ? done() : child.once('exit', done)));
    }
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = stdout.match(/listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], stop });
      }
    });
    child.once('exit', (code) => fail(new Error(`the emulator exited with ${code}`)));
    child.once('error', fail);
  });
}

export async function clearRequestLog(base) {
  const res = await fetch(`${base}/_emulator/requests`, { method: 'DELETE' });
  if (!res.ok) throw new Error(`DELETE /_emulator/requests: ${res.status}`);
}

export async function requestLog(base) {
  return (await fetch(`${base}/_emulator/requests`)).json();
}

// What the emulator runs a page with: `{ server_time: 'realistic' | 'none' }`.
export async function setEmulator(base, settings) {
  const res = await fetch(`${base}/_emulator/settings`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(settings),
  });
  if (!res.ok) throw new Error(`PATCH /_emulator/settings: ${res.status} ${await res.text()}`);
}

// An HTTP request's operations: the parts of a $batch, or the request itself.
const operationsOf = (entry) => (entry.path.endsWith('$batch') ? Math.max(entry.parts.length, 1) : 1);

// The /api/data requests and their operations once the log has been still
// for `quietMs` (so a request sent right after the marks, like InitializeFrom, counts).
export async function settledRequestCount(base, quietMs = 600, limitMs = 10_000) {
  const start = Date.now();
  let log = await requestLog(base);
  let stillSince = Date.now();
  while (Date.now() - stillSince < quietMs && Date.now() - start < limitMs) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await requestLog(base);
    if (now.length !== log.length) stillSince = Date.now();
    log = now;
  }
  return { requests: log.length, operations: log.reduce((sum, entry) => sum + operationsOf(entry), 0) };
}
