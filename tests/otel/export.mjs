// A real OTLP/HTTP client for the receiver's tests (costpanel --listen otlp:...).
// It is the OpenTelemetry JS SDK and its OTLP exporters, not code of ours: the
// tests write a plan (resource, spans, log records, every value they will check),
// run this script against the receiver and compare what it stored with the plan.
//
//   node export.mjs --endpoint http://127.0.0.1:PORT --protocol json|protobuf --plan PLAN.json
//                   [--gzip] [--batch-size N] [--fail-first N] [--lose-first N]
//
// Plan: {"resource": {attrs}, "scope": {"name", "version"}?,
//        "spans": [{"name", "start_ms", "end_ms", "attributes"?, "error"?, "kind"?}],
//        "logs":  [{"event_name"?, "body"?, "time_ms", "observed_time_ms"?,
//                   "severity_number"?, "severity_text"?, "attributes"?}]}
//
// Spans are flushed before any log record is emitted, so the first requests the
// receiver (or the proxy) sees are the trace batches, then the log batches.
// --fail-first N / --lose-first N put a proxy of ours between the SDK and the
// endpoint: its first N requests get a 503 without being forwarded (fail), then
// the next N are forwarded but answered 503 anyway (lose: the receiver gets the
// batch again). The SDK backs off about 1 s, then 1.5 s, 2.25 s... within its
// 10 s export timeout, so up to 3 refusals per export are dependable.
//
// Prints one JSON line: spans/logs (the plan's counts), traces/logs_result
// ("success", "failed", or "none" when nothing was exported), trace_exports/
// log_exports (batches handed to the exporters), requests (seen by the proxy,
// null without one), retried (retries the SDK scheduled), partial_success (the
// SDK's warnings about a 200 with partialSuccess: still a success to it),
// errors (export errors), diag (the SDK's other warnings and errors). Exit 0
// when every export succeeded, 1 otherwise, 2 on bad arguments or plan.

import http from 'node:http';
import { readFileSync } from 'node:fs';

const EXPORT_TIMEOUT_MS = 10000;

function usage(msg) {
  process.stderr.write(`export.mjs: ${msg}\n` +
    'usage: node export.mjs --endpoint http://HOST:PORT --protocol json|protobuf --plan PLAN.json\n' +
    '                       [--gzip] [--batch-size N] [--fail-first N] [--lose-first N]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { gzip: false, batchSize: 512, failFirst: 0, loseFirst: 0 };
  const count = (flag, v, min) => {
    if (v === undefined || !/^\d+$/.test(v) || Number(v) < min) usage(`${flag} needs an integer >= ${min}`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--endpoint': opts.endpoint = value(); break;
      case '--protocol': opts.protocol = value(); break;
      case '--plan': opts.plan = value(); break;
      case '--gzip': opts.gzip = true; break;
      case '--batch-size': opts.batchSize = count(a, value(), 1); break;
      case '--fail-first': opts.failFirst = count(a, value(), 0); break;
      case '--lose-first': opts.loseFirst = count(a, value(), 0); break;
      default: usage(`unknown argument ${a}`);
    }
  }
  if (!opts.endpoint) usage('--endpoint is required');
  if (!opts.plan) usage('--plan is required');
  if (opts.protocol !== 'json' && opts.protocol !== 'protobuf') usage('--protocol must be json or protobuf');
  let url;
  try { url = new URL(opts.endpoint); } catch { usage(`bad endpoint ${opts.endpoint}`); }
  if (url.protocol !== 'http:' || url.search || url.hash) usage('--endpoint must be http://HOST:PORT[/path]');
  opts.endpoint = url;
  return opts;
}

const SPAN_KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];

function readPlan(path) {
  let plan;
  try {
    plan = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    usage(`cannot read plan ${path}: ${e.message}`);
  }
  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  const isTime = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  if (!isObject(plan)) usage('plan must be a JSON object');
  plan.resource ??= {};
  plan.spans ??= [];
  plan.logs ??= [];
  if (!isObject(plan.resource)) usage('plan.resource must be an object');
  if (plan.scope !== undefined && !(isObject(plan.scope) && typeof plan.scope.name === 'string'))
    usage('plan.scope must be {"name": ..., "version"?: ...}');
  if (!Array.isArray(plan.spans) || !Array.isArray(plan.logs)) usage('plan.spans and plan.logs must be arrays');
  plan.spans.forEach((s, i) => {
    if (!isObject(s) || typeof s.name !== 'string' || !isTime(s.start_ms) || !isTime(s.end_ms))
      usage(`plan.spans[${i}] needs name, start_ms and end_ms`);
    if (s.attributes !== undefined && !isObject(s.attributes)) usage(`plan.spans[${i}].attributes must be an object`);
    if (s.error !== undefined && typeof s.error !== 'string') usage(`plan.spans[${i}].error must be a string`);
    if (s.kind !== undefined && !SPAN_KINDS.includes(s.kind)) usage(`plan.spans[${i}].kind must be one of ${SPAN_KINDS}`);
  });
  plan.logs.forEach((l, i) => {
    if (!isObject(l) || !isTime(l.time_ms)) usage(`plan.logs[${i}] needs time_ms`);
    if (l.observed_time_ms !== undefined && !isTime(l.observed_time_ms)) usage(`plan.logs[${i}].observed_time_ms must be a time`);
    if (l.attributes !== undefined && !isObject(l.attributes)) usage(`plan.logs[${i}].attributes must be an object`);
    for (const k of ['event_name', 'severity_text'])
      if (l[k] !== undefined && typeof l[k] !== 'string') usage(`plan.logs[${i}].${k} must be a string`);
    if (l.severity_number !== undefined && !Number.isInteger(l.severity_number))
      usage(`plan.logs[${i}].severity_number must be an integer`);
  });
  return plan;
}

// Times go to the SDK as [seconds, nanoseconds]: a plain number below half the
// process's start time (1994 or so) it would take for a performance.now() offset.
function hrTime(ms) {
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.min(999999999, Math.round((ms - seconds * 1000) * 1e6));
  return [seconds, nanos];
}


// The proxy behind --fail-first / --lose-first. Bodies are streamed through as
// they come (chunked or not, gzip or not): the receiver must see the SDK's bytes.
function startProxy(target, failFirst, loseFirst, notes) {
  const stats = { requests: 0 };
  const server = http.createServer((req, res) => {
    const n = ++stats.requests;
    const refuse = () => {
      res.writeHead(503, { 'Content-Type': 'text/plain' });
      res.end('refused by export.mjs proxy\n');
    };
    if (n <= failFirst) {
      req.resume();
      req.on('end', refuse);
      return;
    }
    const lose = n <= failFirst + loseFirst;
    const upstream = http.request({
      host: target.hostname.replace(/^\[(.*)\]$/, '$1'), port: target.port || 80, method: req.method, path: req.url,
      headers: req.rawHeaders, agent: proxyAgent,
    }, (up) => {
      if (lose) {
        up.resume();
        up.on('end', refuse);
        return;
      }
      res.writeHead(up.statusCode, up.statusMessage, up.rawHeaders);
      up.pipe(res);
    });
    let abandoned = false;
    upstream.on('error', (e) => {
      if (abandoned) return;
      notes.push(`proxy: request ${n} to ${target.host}: ${e.message}`);
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(`${e.message}\n`);
      } else {
        res.destroy();
      }
    });
    // The SDK gives up on a request at its timeout: drop ours with it.
    res.on('close', () => {
      if (!res.writableFinished) {
        abandoned = true;
        upstream.destroy();
      }
    });
    req.pipe(upstream);
  });
  const proxyAgent = new http.Agent({ keepAlive: true });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      const base = new URL(target.href);
      base.host = `127.0.0.1:${port}`;
      resolve({ base, stats });
    });
  });
}

function formatDiag(message, args) {
  return [message, ...args.map((a) => {
    if (typeof a === 'string') return a;
    if (a instanceof Error) return a.message;
    try { return JSON.stringify(a); } catch { return String(a); }
  })].join(' ').slice(0, 500); // the SDK's error handler logs whole stacks
}

function errorText(e) {
  if (e == null) return 'unknown error';
  // OTLPExporterError carries the HTTP status and the answer's body.
  let text = e.message || String(e);
  if (e.code !== undefined) text += ` (code ${e.code})`;
  const data = e.data ? String(e.data).trim() : '';
  if (data) text += `: ${data.slice(0, 200)}`;
  return text;
}

// Export errors already reported, which a processor's flush then rethrows.
const seenErrors = new WeakSet();

// Sits between a batch processor and the OTLP exporter only to record each
// export's result, which the processors otherwise swallow.
class Recorder {
  constructor(exporter, errors) {
    this.exporter = exporter;
    this.errors = errors;
    this.exports = 0;
    this.failed = 0;
  }
  export(items, done) {
    this.exports++;
    this.exporter.export(items, (result) => {
      if (result.code !== 0) {
        this.failed++;
        this.errors.push(errorText(result.error));
        if (result.error) seenErrors.add(result.error);
      }
      done(result);
    });
  }
  forceFlush() { return this.exporter.forceFlush(); }
  shutdown() { return this.exporter.shutdown(); }
  get result() {
    if (this.exports === 0) return 'none';
    return this.failed === 0 ? 'success' : 'failed';
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const plan = readPlan(opts.plan);

  // Only the plan and the arguments decide what is sent: no OTEL_* variable
  // from the environment (headers, limits, batch sizes, timeouts).
  for (const k of Object.keys(process.env)) if (k.startsWith('OTEL_')) delete process.env[k];

  const api = await import('@opentelemetry/api');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const { BasicTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { LoggerProvider, BatchLogRecordProcessor } = await import('@opentelemetry/sdk-logs');
  const json = opts.protocol === 'json';
  const { OTLPTraceExporter } = await import(json ? '@opentelemetry/exporter-trace-otlp-http' : '@opentelemetry/exporter-trace-otlp-proto');
  const { OTLPLogExporter } = await import(json ? '@opentelemetry/exporter-logs-otlp-http' : '@opentelemetry/exporter-logs-otlp-proto');

  const errors = [];
  const partial = [];
  const warnings = []; // the SDK's other warn and error messages
  let retried = 0;
  const note = (level) => (message, ...args) => {
    const text = formatDiag(message, args);
    if (text.startsWith('Received Partial Success response')) partial.push(text);
    else if (level === 'verbose' && text.startsWith('Scheduling export retry')) retried++;
    else if (level === 'warn' || level === 'error') warnings.push(text);
  };
  // VERBOSE, because the SDK reports each retry it schedules at that level.
  api.diag.setLogger({
    error: note('error'), warn: note('warn'), info: note('info'), debug: note('debug'), verbose: note('verbose'),
  }, { logLevel: api.DiagLogLevel.VERBOSE, suppressOverrideMessage: true });

  let proxy = null;
  let base = opts.endpoint;
  if (opts.failFirst > 0 || opts.loseFirst > 0) {
    proxy = await startProxy(opts.endpoint, opts.failFirst, opts.loseFirst, warnings);
    base = proxy.base;
  }
  const urlFor = (path) => `${base.origin}${base.pathname.replace(/\/+$/, '')}/${path}`;

  const exporterOptions = (path) => ({
    url: urlFor(path),
    timeoutMillis: EXPORT_TIMEOUT_MS,
    // The SDK refuses exports beyond its concurrency limit (30): the trace
    // batches of one flush all go at once, so allow as many as there can be.
    concurrencyLimit: Math.max(30, Math.ceil(Math.max(plan.spans.length, plan.logs.length) / opts.batchSize) + 1),
    ...(opts.gzip ? { compression: 'gzip' } : {}),
  });
  const traceRecorder = new Recorder(new OTLPTraceExporter(exporterOptions('v1/traces')), errors);
  const logRecorder = new Recorder(new OTLPLogExporter(exporterOptions('v1/logs')), errors);

  let finished = false;
  const result = () => ({
    spans: plan.spans.length,
    logs: plan.logs.length,
    traces: traceRecorder.result,
    logs_result: logRecorder.result,
    trace_exports: traceRecorder.exports,
    log_exports: logRecorder.exports,
    requests: proxy ? proxy.stats.requests : null,
    retried,
    partial_success: partial,
    errors,
    diag: warnings,
  });
  const finish = (code) => {
    if (finished) return;
    finished = true;
    process.stdout.write(`${JSON.stringify(result())}\n`);
    process.exit(code);
  };
  // Both exports end within their timeouts; this only guards against the
  // unforeseen, so that a test never waits on us.
  const watchdog = setTimeout(() => {
    errors.push('export.mjs: gave up waiting for the SDK');
    finish(1);
  }, 4 * EXPORT_TIMEOUT_MS);

  const batchOptions = (n) => ({
    maxExportBatchSize: opts.batchSize,
    maxQueueSize: Math.max(2048, n, opts.batchSize), // never drop a planned item
    scheduledDelayMillis: 5000, // batches leave when full or at forceFlush, not on a timer
    exportTimeoutMillis: EXPORT_TIMEOUT_MS + 5000, // the exporter's own timeout comes first
  });

  const resource = resourceFromAttributes(plan.resource);
  const scope = plan.scope ?? { name: 'costpanel-tests' };
  const tracerProvider = new BasicTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(traceRecorder, batchOptions(plan.spans.length))],
  });
  const loggerProvider = new LoggerProvider({
    resource,
    // sdk-logs 0.2xx takes the exporter inside the options, unlike BatchSpanProcessor.
    processors: [new BatchLogRecordProcessor({ exporter: logRecorder, ...batchOptions(plan.logs.length) })],
  });

  const step = async (what, fn) => {
    try {
      await fn();
    } catch (e) {
      // TracerProvider.forceFlush rejects with an array of its processors' errors.
      for (const one of [e].flat()) {
        if (!(one && typeof one === 'object' && seenErrors.has(one))) errors.push(`${what}: ${errorText(one)}`);
      }
    }
  };

  const tracer = tracerProvider.getTracer(scope.name, scope.version);
  for (const s of plan.spans) {
    // A root span each: the plan's spans are independent calls.
    const span = tracer.startSpan(s.name, {
      startTime: hrTime(s.start_ms),
      attributes: s.attributes ?? {},
      kind: s.kind ? api.SpanKind[s.kind.toUpperCase()] : api.SpanKind.INTERNAL,
      root: true,
    });
    if (s.error !== undefined) span.setStatus({ code: api.SpanStatusCode.ERROR, message: s.error });
    span.end(hrTime(s.end_ms));
  }
  await step('trace flush', () => tracerProvider.forceFlush());

  const logger = loggerProvider.getLogger(scope.name, scope.version);
  for (const l of plan.logs) {
    const record = { timestamp: hrTime(l.time_ms), attributes: l.attributes ?? {} };
    if (l.event_name !== undefined) record.eventName = l.event_name;
    if (l.body !== undefined) record.body = l.body;
    if (l.observed_time_ms !== undefined) record.observedTimestamp = hrTime(l.observed_time_ms);
    if (l.severity_number !== undefined) record.severityNumber = l.severity_number;
    if (l.severity_text !== undefined) record.severityText = l.severity_text;
    logger.emit(record);
  }
  await step('log flush', () => loggerProvider.forceFlush());

  await step('trace shutdown', () => tracerProvider.shutdown());
  await step('log shutdown', () => loggerProvider.shutdown());
  clearTimeout(watchdog);

  const ok = errors.length === 0 && traceRecorder.failed === 0 && logRecorder.failed === 0;
  finish(ok ? 0 : 1);
}

main().catch((e) => {
  process.stderr.write(`export.mjs: ${e?.stack ?? e}\n`);
  process.exit(1);
});
