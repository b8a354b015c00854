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
export function startEmulator(binary, { dist, generate }) {
  const args = ['--addr', '127.0.0.1:0', '--dist', dist, '--generate', generate];
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

// The number of /api/data requests once the log has been still for `quietMs`
// (so a request sent right after the marks, like InitializeFrom, counts).
export async function settledRequestCount(base, quietMs = 600, limitMs = 10_000) {
  const start = Date.now();
  let count = (await requestLog(base)).length;
  let stillSince = Date.now();
  while (Date.now() - stillSince < quietMs && Date.now() - start < limitMs) {
    await new Promise((r) => setTimeout(r, 100));
    const now = (await requestLog(base)).length;
    if (now !== count) {
      count = now;
      stillSince = Date.now();
    }
  }
  return count;
}
