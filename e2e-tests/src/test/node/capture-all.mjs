// Regenerates the OTLP fixtures used by the Java unit tests:
//
//   node capture-all.mjs [outDir]     (default: <repo>/ingest-service/src/test/resources/otlp)
//
// Runs every setup script with OTLP_PROTOCOL=json against an in-process capture server and
// writes <outDir>/<library>.json: the raw export bodies, in the order they arrived, as
// [{"path": "/v1/traces" | "/v1/logs", "body": {...}}]. OpenLLMetry's own exporter only speaks
// protobuf, so it is also run with OTLP_PROTOCOL=proto and its bodies are written byte for byte
// to <outDir>/openllmetry-proto-<n>.pb (all ExportTraceServiceRequest).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCaptureServer } from './capture-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(process.argv[2] || path.join(here, '../../../../ingest-service/src/test/resources/otlp'));
const LIBRARIES = ['otel-contrib', 'openinference', 'openllmetry', 'vercel-ai'];
const KEY = 'fixture-key';

function run(script, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(here, script)], {
      cwd: here,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
  });
}

fs.mkdirSync(outDir, { recursive: true });
const server = await startCaptureServer();
let failed = false;

async function capture(library, protocol) {
  const start = server.requests.length;
  const { code, stdout } = await run(`${library}.mjs`, {
    APILOGS_OTLP: server.otlpBase,
    APILOGS_KEY: KEY,
    CONVERSATION_ID: `conv-${library}-fixture`,
    USER_ID: `user-${library}-fixture`,
    OTLP_PROTOCOL: protocol,
  });
  await new Promise((r) => setTimeout(r, 200));
  const reqs = server.requests.slice(start);
  const problems = [];
  if (code !== 0) problems.push(`exit code ${code}`);
  for (const r of reqs) {
    if (r.unexpected) problems.push(`unexpected request ${r.method} ${r.path}`);
    if (r.error) problems.push(`bad body on ${r.path}: ${r.error}`);
    if (r.authorization !== `Bearer ${KEY}`) problems.push(`authorization header was ${r.authorization}`);
  }
  if (reqs.length === 0) problems.push('nothing exported');
  console.log(`${library} (${protocol}): ${reqs.length} export(s) ${reqs.map((r) => r.path).join(' ')}${problems.length ? ' PROBLEMS: ' + problems.join('; ') : ''}`);
  console.log(`  ${stdout.trim()}`);
  if (problems.length) failed = true;
  return reqs;
}

for (const library of LIBRARIES) {
  const reqs = await capture(library, 'json');
  const fixture = reqs.filter((r) => !r.unexpected).map((r) => ({ path: r.path, body: r.body }));
  fs.writeFileSync(path.join(outDir, `${library}.json`), JSON.stringify(fixture, null, 2) + '\n');
}

const protoReqs = await capture('openllmetry', 'proto');
for (const f of fs.readdirSync(outDir)) if (/^openllmetry-proto-\d+\.pb$/.test(f)) fs.unlinkSync(path.join(outDir, f));
protoReqs
  .filter((r) => r.bodyBase64 !== undefined)
  .forEach((r, i) => fs.writeFileSync(path.join(outDir, `openllmetry-proto-${i + 1}.pb`), Buffer.from(r.bodyBase64, 'base64')));

await server.close();
console.log(`fixtures written to ${outDir}`);
process.exitCode = failed ? 1 : 0;
