// A gzip reverse proxy in front of an emulator, because a real org compresses
// what it sends (web resources and Web API JSON) and the emulator does not.
// Static files are compressed once and cached, like a web server's static
// compression; API answers are compressed per response (gzip level 6).
import { createServer, request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';

// multipart/mixed: $batch answers, which Dataverse compresses like any other.
const COMPRESSIBLE = /^(text\/|multipart\/|application\/(json|javascript|wasm))/;

export function startGzipProxy(target) {
  const upstream = new URL(target);
  const staticCache = new Map();
  const server = createServer((req, res) => {
    const forward = httpRequest({
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: req.headers, // Host stays the proxy's: the emulator's absolute links point here
      // A fresh loopback connection per request: a pooled one the emulator has
      // closed while idle would fail the request (a 502 the app never sees in an org).
      agent: false,
    }, (answer) => {
      const type = answer.headers['content-type'] ?? '';
      const wantsGzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
      if (!wantsGzip || !COMPRESSIBLE.test(type) || answer.statusCode === 204) {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks = [];
      answer.on('data', (chunk) => chunks.push(chunk));
      answer.on('end', () => {
        const isStatic = req.method === 'GET' && req.url.toLowerCase().includes('/webresources/');
        let body = isStatic ? staticCache.get(req.url) : undefined;
        if (!body) {
          body = gzipSync(Buffer.concat(chunks), { level: 6 });
          if (isStatic) staticCache.set(req.url, body);
        }
        const headers = { ...answer.headers, 'content-encoding': 'gzip', 'content-length': body.length, vary: 'Accept-Encoding' };
        delete headers['transfer-encoding'];
        res.writeHead(answer.statusCode, headers);
        res.end(body);
      });
    });
    forward.on('error', (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        stop: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}
