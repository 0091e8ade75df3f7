// A stand-in for the static half of `stegvis serve`, used only when the
// server under test does not serve web/ itself: files from web/ with the
// strict Content-Security-Policy of the product, index.html for paths without
// a file extension (client-side routes), and everything under /api/ and
// /healthz passed through to the real server.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
  + "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

function proxy(req, res, backendPort) {
  const up = http.request({
    host: '127.0.0.1', port: backendPort, method: req.method, path: req.url, headers: req.headers,
  }, (r) => {
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
  });
  up.on('error', () => { res.writeHead(502); res.end(); });
  req.pipe(up);
}

function serveStatic(req, res, webDir) {
  let p;
  try { p = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch (e) { p = '/'; }
  let file = path.normalize(path.join(webDir, p));
  if (!file.startsWith(webDir)) { res.writeHead(404); res.end(); return; }
  const ext = path.extname(p);
  if (!ext || p.endsWith('/')) file = path.join(webDir, 'index.html');
  fs.readFile(file, (err, data) => {
    const headers = {
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'Cache-Control': 'no-cache',
    };
    if (err) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : data);
  });
}

export function startFront(webDir, backendPort) {
  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/api/') || req.url === '/healthz' || req.url.startsWith('/metrics')) proxy(req, res, backendPort);
    else serveStatic(req, res, webDir);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port }));
  });
}
