// Minimal OTLP/HTTP capture server.
//
//   node capture-server.mjs [port] [outDir]      (defaults: 4318, ./captures)
//
// Accepts POST /v1/otlp/v1/traces and /v1/otlp/v1/logs, answers 200, and appends every
// request to <outDir>/captures.jsonl as {seq, path, contentType, authorization, body | bodyBase64}.
// JSON bodies are stored parsed (gunzipped first when Content-Encoding is gzip); protobuf
// bodies are stored as base64 and also written to <outDir>/<seq>-<signal>.pb.
// Any other request is answered 404 and recorded with {unexpected: true}.
import http from 'node:http';
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const OTLP_PREFIX = '/v1/otlp';
const ROUTES = new Set([`${OTLP_PREFIX}/v1/traces`, `${OTLP_PREFIX}/v1/logs`]);

/**
 * @param {{port?: number, onRequest?: (rec: object) => void}} opts
 * @returns {Promise<{url: string, otlpBase: string, requests: object[], close: () => Promise<void>}>}
 */
export async function startCaptureServer({ port = 0, onRequest } = {}) {
  const requests = [];
  let seq = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let raw = Buffer.concat(chunks);
      const urlPath = req.url.split('?')[0];
      const contentType = String(req.headers['content-type'] || '');
      const rec = {
        seq: ++seq,
        method: req.method,
        path: urlPath.startsWith(OTLP_PREFIX) ? urlPath.slice(OTLP_PREFIX.length) : urlPath,
        contentType,
        contentEncoding: req.headers['content-encoding'] || null,
        authorization: req.headers.authorization || null,
        userAgent: req.headers['user-agent'] || null,
      };
      if (req.method !== 'POST' || !ROUTES.has(urlPath)) {
        rec.unexpected = true;
        rec.bodyText = raw.toString('utf8').slice(0, 2000);
        requests.push(rec);
        onRequest?.(rec);
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":"not found"}');
        return;
      }
      try {
        if (/gzip/i.test(rec.contentEncoding || '')) raw = zlib.gunzipSync(raw);
        if (contentType.includes('json')) {
          rec.body = JSON.parse(raw.toString('utf8'));
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{}');
        } else {
          rec.bodyBase64 = raw.toString('base64');
          res.writeHead(200, { 'content-type': 'application/x-protobuf' });
          res.end(); // an empty ExportXxxServiceResponse
        }
      } catch (err) {
        rec.error = String(err?.message ?? err);
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: rec.error }));
      }
      requests.push(rec);
      onRequest?.(rec);
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    otlpBase: `${url}${OTLP_PREFIX}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] || 4318);
  const outDir = path.resolve(process.argv[3] || 'captures');
  fs.mkdirSync(outDir, { recursive: true });
  const log = path.join(outDir, 'captures.jsonl');
  const srv = await startCaptureServer({
    port,
    onRequest: (rec) => {
      fs.mkdirSync(outDir, { recursive: true });
      fs.appendFileSync(log, JSON.stringify(rec) + '\n');
      if (rec.bodyBase64) {
        const signal = rec.path.split('/').pop();
        fs.writeFileSync(path.join(outDir, `${rec.seq}-${signal}.pb`), Buffer.from(rec.bodyBase64, 'base64'));
      }
      console.error(`${rec.seq} ${rec.method} ${rec.path} ${rec.contentType}${rec.unexpected ? ' (unexpected)' : ''}`);
    },
  });
  console.error(`capture server listening; APILOGS_OTLP=${srv.otlpBase} ; writing ${log}`);
}
