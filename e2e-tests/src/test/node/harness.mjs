// Shared plumbing for the setup scripts: environment, OTLP exporters, export-failure
// tracking (exporter results + OTel diag messages) and the one-line JSON summary.
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { REQUEST_MODEL, TOOL_NAME } from './fake-provider.mjs';
import { OTLPTraceExporter as OTLPTraceExporterProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as OTLPTraceExporterJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPLogExporter as OTLPLogExporterProto } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as OTLPLogExporterJson } from '@opentelemetry/exporter-logs-otlp-http';

export function readEnv() {
  const otlp = process.env.APILOGS_OTLP;
  if (!otlp) {
    console.error('APILOGS_OTLP is required (e.g. http://127.0.0.1:8080/v1/otlp)');
    process.exit(2);
  }
  const protocol = (process.env.OTLP_PROTOCOL || 'proto').toLowerCase();
  if (protocol !== 'proto' && protocol !== 'json') {
    console.error(`OTLP_PROTOCOL must be proto or json, got ${protocol}`);
    process.exit(2);
  }
  return {
    otlp: otlp.replace(/\/+$/, ''),
    key: process.env.APILOGS_KEY || '',
    conversationId: process.env.CONVERSATION_ID || `conv-${Date.now()}`,
    userId: process.env.USER_ID || 'user-e2e',
    protocol,
  };
}

/** Collects diag output and exporter results; anything export-related that failed makes the run fail. */
export class ExportTracker {
  constructor() {
    this.diagErrors = [];
    this.diagWarnings = [];
    this.exports = { traces: { calls: 0, items: 0, failed: 0 }, logs: { calls: 0, items: 0, failed: 0 } };
    this.failures = [];
    this.notes = [];
    const fmt = (msg, args) =>
      [tidy(msg), ...args.map((a) => (a && typeof a === 'object' && 'message' in a ? `${a.name ?? 'Error'}: ${a.message}` : typeof a === 'object' ? safeJson(a) : String(a)))].join(' ');
    diag.setLogger(
      {
        error: (msg, ...args) => this.diagErrors.push(fmt(msg, args)),
        warn: (msg, ...args) => this.diagWarnings.push(fmt(msg, args)),
        info: () => {},
        debug: () => {},
        verbose: () => {},
      },
      { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
    );
  }

  /** Wraps exporter.export so every ExportResult is recorded. */
  track(signal, exporter) {
    const original = exporter.export.bind(exporter);
    exporter.export = (items, resultCallback) => {
      this.exports[signal].calls += 1;
      this.exports[signal].items += items.length;
      original(items, (result) => {
        if (result.code !== 0) {
          this.exports[signal].failed += 1;
          this.failures.push(`${signal} export failed: ${result.error?.message ?? 'unknown error'}`);
        }
        resultCallback(result);
      });
    };
    return exporter;
  }

  /** Awaits a flush/shutdown; a rejection is recorded as a failure instead of crashing the script. */
  async settle(label, promiseOrFn) {
    try {
      await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
    } catch (err) {
      const errs = Array.isArray(err) ? err : [err];
      for (const e of errs) this.failures.push(`${label}: ${e?.message ?? String(e)}`);
    }
  }

  status() {
    // OTel reports export failures through diag (globalErrorHandler -> diag.error, exporter retries -> diag.warn).
    const exportWarnings = this.diagWarnings.filter((w) => /export|otlp|request|status|timeout|ECONN/i.test(w));
    const ok = this.failures.length === 0 && this.diagErrors.length === 0 && exportWarnings.length === 0;
    return {
      ok,
      traces: this.exports.traces,
      logs: this.exports.logs,
      failures: this.failures,
      ...(this.notes.length ? { notes: this.notes } : {}),
      diagErrors: this.diagErrors,
      diagWarnings: this.diagWarnings,
    };
  }
}

// loggingErrorHandler hands diag.error a JSON-stringified Error; keep just its message.
function tidy(msg) {
  if (typeof msg === 'string' && msg.startsWith('{')) {
    try {
      const o = JSON.parse(msg);
      if (o && typeof o.message === 'string') return `${o.name ?? 'Error'}: ${o.message}`;
    } catch {
      /* not JSON */
    }
  }
  return msg;
}

function safeJson(o) {
  try {
    return JSON.stringify(o);
  } catch {
    return String(o);
  }
}

export function authHeaders(env) {
  return env.key ? { Authorization: `Bearer ${env.key}` } : {};
}

export function traceExporter(env, tracker) {
  const opts = { url: `${env.otlp}/v1/traces`, headers: authHeaders(env) };
  const exporter = env.protocol === 'json' ? new OTLPTraceExporterJson(opts) : new OTLPTraceExporterProto(opts);
  return tracker ? tracker.track('traces', exporter) : exporter;
}

export function logExporter(env, tracker) {
  const opts = { url: `${env.otlp}/v1/logs`, headers: authHeaders(env) };
  const exporter = env.protocol === 'json' ? new OTLPLogExporterJson(opts) : new OTLPLogExporterProto(opts);
  return tracker ? tracker.track('logs', exporter) : exporter;
}

/** Prints the one-line JSON summary and sets the exit code. */
export function finish(summary, tracker) {
  const exportStatus = tracker.status();
  process.stdout.write(JSON.stringify({ ...summary, exportStatus }) + '\n');
  process.exitCode = exportStatus.ok ? 0 : 1;
}

export function callsSummary(provider) {
  return provider.calls.map((c) => ({
    responseId: c.id,
    stream: c.stream,
    inputTokens: c.inputTokens,
    outputTokens: c.outputTokens,
    cachedTokens: c.cachedTokens,
  }));
}

/** Records a failed turn, then prints the summary every setup prints (its own fields after the common ones). */
export function report(library, { env, provider, tracker, error, toolCallId, finalText, ...extra }) {
  if (error) tracker.failures.push(`turn failed: ${error?.message ?? error}`);
  finish({
    library,
    protocol: env.protocol,
    conversationId: env.conversationId,
    userId: env.userId,
    responseIds: provider.responseIds,
    model: REQUEST_MODEL,
    calls: callsSummary(provider),
    toolName: TOOL_NAME,
    toolCallId,
    finalText,
    ...extra,
  }, tracker);
}
