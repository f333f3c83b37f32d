#!/usr/bin/env node
// The gateway's benchmark: the same workload sent straight to a Workers AI emulator and through Flaregate, in one
// run on one machine, so that the figures that matter are ratios. The README's "Performance" section explains it.
//
//   node src/bench/bench.mjs [--duration 15] [--warmup 60] [--rate 400] [--no-build] [--out target/bench]
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync, createWriteStream } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const JAR = path.join(ROOT, 'target/quarkus-app/quarkus-run.jar');
const LUA = path.join(ROOT, 'src/bench/post.lua');
const TOKEN = 'bench-token';
const ACCOUNT = 'emulator';
const CHAT_MODEL = '@cf/meta/llama-3.1-8b-instruct';
const EMBED_MODEL = '@cf/baai/bge-base-en-v1.5';
const PROMPT = 'Summarise in one line why a gateway should add nothing but value to every request it carries';
const CONCURRENCY = 8;
const STREAM_CONCURRENCY = 8;
const TOKEN_INTERVAL_MS = 10;
// Clients of a real deployment send keys: every scenario uses one without limits, and one scenario a key whose
// limits are all set (far above what the load reaches, so that every check runs and none refuses).
const OPEN_KEY = randomBytes(32).toString('hex');
const LIMITED_KEY = randomBytes(32).toString('hex');
const LIMITED_POLICY = 'bench-limited: rpm=100000000 tpm=10000000000 tpd=1000000000000';
/** The gateway's JVM settings under test; the README documents them. */
const GATEWAY_JAVA_OPTS = (process.env.BENCH_GATEWAY_JAVA_OPTS
  ?? '-XX:+UseSerialGC -Xms64m -Xmx128m -Xss256k -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=64m '
   + '-XX:MaxDirectMemorySize=64m -XX:+ExitOnOutOfMemoryError -Dio.netty.allocator.numHeapArenas=2 '
   + '-Dio.netty.allocator.numDirectArenas=2')
  .split(/\s+/).filter(Boolean);

const options = parseArgs(process.argv.slice(2));
const children = [];
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

ensureTools();
if (options.build) {
  run('./mvnw', ['-B', '-q', 'package', '-DskipTests'], { cwd: ROOT, stdio: 'inherit' });
}
mkdirSync(options.out, { recursive: true });

const [upstreamPort, upstreamHttpPort, gatewayPort] = await freePorts(3);
const upstream = startJava('upstream', ['-XX:+ExitOnOutOfMemoryError'], {
  QUARKUS_HTTP_PORT: String(upstreamHttpPort),
  FLAREGATE_EMULATOR_PORT: String(upstreamPort),
  FLAREGATE_EMULATOR_TOKEN: TOKEN,
  FLAREGATE_EMULATOR_TOKEN_INTERVAL: `${TOKEN_INTERVAL_MS}ms`,
  QUARKUS_LOG_LEVEL: 'WARN',
});
const gateway = startJava('gateway', GATEWAY_JAVA_OPTS, {
  QUARKUS_HTTP_PORT: String(gatewayPort),
  CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
  CLOUDFLARE_API_TOKEN: TOKEN,
  FLAREGATE_WORKERS_AI_URL: `http://127.0.0.1:${upstreamPort}/client/v4`,
  FLAREGATE_API_KEYS: `bench:${OPEN_KEY},bench-limited:${LIMITED_KEY}`,
  FLAREGATE_KEY_POLICIES: LIMITED_POLICY,
  // The benchmark measures the gateway's own cost, not Cloudflare's per-model limits, which it would enforce.
  FLAREGATE_UPSTREAM_BUDGET_ENABLED: 'false',
});
await ready(upstreamHttpPort);
await ready(gatewayPort);

const direct = `http://127.0.0.1:${upstreamPort}/client/v4/accounts/${ACCOUNT}/ai/run/`;
const through = `http://127.0.0.1:${gatewayPort}/v1/`;
const AUTH = `Bearer ${TOKEN}`;
const messages = [{ role: 'user', content: PROMPT }];
const GATEWAY_AUTH = `Bearer ${OPEN_KEY}`;
const chatThrough = { url: through + 'chat/completions', body: { model: CHAT_MODEL, messages, max_tokens: 256 } };
const chat = {
  direct: { url: direct + CHAT_MODEL, body: { messages, max_tokens: 256 }, auth: AUTH },
  gateway: { ...chatThrough, auth: GATEWAY_AUTH },
};
const chatLimited = { direct: chat.direct, gateway: { ...chatThrough, auth: `Bearer ${LIMITED_KEY}` } };
const texts = (n) => Array.from({ length: n }, (_, i) => `Passage ${i}: a gateway relays, translates and measures`);
const embeddings = (n) => ({
  direct: { url: direct + EMBED_MODEL, body: { text: texts(n) }, auth: AUTH },
  gateway: { url: through + 'embeddings', body: { model: EMBED_MODEL, input: texts(n) }, auth: GATEWAY_AUTH },
});

// The JIT needs about a minute of load on two shared cores before the gateway's figures settle (a 15 s warm-up gave
// a third of its steady throughput). The upstream also warms while the gateway's calls reach it.
log(`warming up for ${options.warmup} s per scenario`);
for (const side of ['direct', 'gateway']) {
  const seconds = side === 'direct' ? Math.min(options.warmup, 10) : options.warmup;
  await wrk(chat[side], seconds);
  if (side === 'gateway') await wrk(chatLimited.gateway, Math.max(1, Math.round(seconds / 4)));
  await streams(chat[side], seconds);
  await wrk(embeddings(100)[side], Math.max(1, Math.round(seconds / 2)));
}

const results = { machine: machine(), settings: settings(), scenarios: {} };
results.scenarios.chat = await pair('non-streaming chat, fixed concurrency', (side) => wrk(chat[side], options.duration));
results.scenarios.chatLimited = await pair('non-streaming chat, a key with limits',
  (side) => wrk(chatLimited[side], options.duration));
results.scenarios.chatRate = await pair(`non-streaming chat, fixed rate ${options.rate}/s`,
  (side) => hey(chat[side], options.duration, options.rate));
results.scenarios.streaming = await pair('streaming chat', (side) => streams(chat[side], options.duration));
results.scenarios.embed1 = await pair('embeddings, 1 text', (side) => wrk(embeddings(1)[side], options.duration));
results.scenarios.embed100 = await pair('embeddings, 100 texts', (side) => wrk(embeddings(100)[side], options.duration));
results.gateway = { peakRssMb: round(peakRssKb(gateway.pid) / 1024, 1) };

const report = markdown(results);
writeFileSync(path.join(options.out, 'results.json'), JSON.stringify(results, null, 2) + '\n');
writeFileSync(path.join(options.out, 'results.md'), report);
console.log(report);
process.exit(0);

// ---------------------------------------------------------------------------------------------------------------

/** One scenario, direct then through the gateway, with the gateway's CPU time per request on its side. */
async function pair(name, measure) {
  log(name);
  const directResult = await measure('direct');
  const cpuBefore = cpuMs(gateway.pid);
  const gatewayResult = await measure('gateway');
  const cpu = cpuMs(gateway.pid) - cpuBefore;
  gatewayResult.cpuMsPerRequest = gatewayResult.requests ? round(cpu / gatewayResult.requests, 3) : null;
  for (const result of [directResult, gatewayResult]) {
    if (result.errors) {
      throw new Error(`${name}: ${result.errors} failed requests (${JSON.stringify(result)})`);
    }
  }
  return { name, direct: directResult, gateway: gatewayResult };
}

async function wrk(target, seconds) {
  const out = await capture('wrk', ['-t1', `-c${CONCURRENCY}`, `-d${seconds}s`, '--latency', '-s', LUA, target.url],
    { BENCH_BODY: JSON.stringify(target.body), BENCH_AUTH: target.auth ?? '' });
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  return {
    requests,
    rps: round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0), 0),
    p50Ms: wrkLatency(out, '50%'),
    p99Ms: wrkLatency(out, '99%'),
    errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0)
      + Number(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)?.slice(1)
        .reduce((a, b) => a + Number(b), 0) ?? 0),
  };
}

function wrkLatency(out, percentile) {
  const match = new RegExp(`^\\s*${percentile}\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
  if (!match) return null;
  return round(Number(match[1]) * { us: 0.001, ms: 1, s: 1000 }[match[2]], 3);
}

/** A fixed request rate below saturation, spread over workers (hey's -q is per worker). */
async function hey(target, seconds, rate) {
  const workers = 4;
  const args = ['-z', `${seconds}s`, '-c', String(workers), '-q', String(Math.max(1, Math.round(rate / workers))),
    '-m', 'POST', '-T', 'application/json', '-d', JSON.stringify(target.body)];
  if (target.auth) args.push('-H', `Authorization: ${target.auth}`);
  const out = await capture('hey', [...args, target.url]);
  const statuses = [...out.matchAll(/\[(\d{3})\]\s+(\d+) responses/g)];
  const ok = statuses.filter(([, code]) => code === '200').reduce((a, [, , n]) => a + Number(n), 0);
  const all = statuses.reduce((a, [, , n]) => a + Number(n), 0);
  // hey leaves out a percentile it has too few samples for (a very short run): null, shown as n/a.
  const heyLatency = (p) => {
    const seconds = new RegExp(`${p}% in ([\\d.]+) secs`).exec(out)?.[1];
    return seconds === undefined ? null : round(Number(seconds) * 1000, 3);
  };
  return {
    requests: all,
    rps: round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0), 0),
    p50Ms: heyLatency(50),
    p99Ms: heyLatency(99),
    errors: all - ok + (out.includes('Error distribution') ? 1 : 0),
  };
}

/**
 * Streams, STREAM_CONCURRENCY at a time for the given time: when the first content frame arrives, and whether
 * frames arrive one per network read (relayed as produced) or several per read (batched on the way).
 */
async function streams(target, seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: STREAM_CONCURRENCY });
  const body = JSON.stringify({ ...target.body, stream: true });
  const ttfc = [];
  const gaps = [];
  let reads = 0;
  let batchedReads = 0;
  let requests = 0;
  let errors = 0;
  const until = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < until) {
      requests++;
      try {
        const timing = await oneStream(target, body, agent);
        ttfc.push(timing.ttfc);
        gaps.push(...timing.gaps);
        reads += timing.reads;
        batchedReads += timing.batchedReads;
      } catch (e) {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: STREAM_CONCURRENCY }, worker));
  agent.destroy();
  return {
    requests,
    streamsPerSecond: round(requests / seconds, 1),
    ttfcP50Ms: percentile(ttfc, 50),
    ttfcP99Ms: percentile(ttfc, 99),
    gapP50Ms: percentile(gaps, 50),
    gapP99Ms: percentile(gaps, 99),
    batchedReadsPct: reads ? round((100 * batchedReads) / reads, 2) : null,
    errors,
  };
}

function oneStream(target, body, agent) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
    if (target.auth) headers.Authorization = target.auth;
    const request = http.request(target.url, { method: 'POST', headers, agent }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`HTTP ${response.statusCode}`));
        return;
      }
      let first = null;
      let last = null;
      const gaps = [];
      let reads = 0;
      let batchedReads = 0;
      let done = false;
      response.on('data', (chunk) => {
        const now = process.hrtime.bigint();
        const text = chunk.toString('utf8');
        // A frame with generated text, in either wire format; the final usage-only frames do not count.
        const contentFrames = (text.match(/"(response|content)":"[^"]/g) ?? []).length;
        done ||= text.includes('[DONE]');
        if (contentFrames === 0) return;
        reads++;
        if (contentFrames > 1) batchedReads++;
        if (first === null) first = now;
        else gaps.push(Number(now - last) / 1e6);
        last = now;
      });
      response.on('end', () => {
        if (first === null || !done) reject(new Error('stream without content or [DONE]'));
        else resolve({ ttfc: Number(first - started) / 1e6, gaps, reads, batchedReads });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

function markdown({ machine: m, settings: s, scenarios: sc, gateway: g }) {
  const ratio = (a, b) => (a && b ? `${round((100 * a) / b, 1)} %` : 'n/a');
  const added = (a, b) => (a != null && b != null ? `${round(a - b, 3)} ms` : 'n/a');
  const ms = (x) => (x == null ? 'n/a' : `${x} ms`);
  const check = (ok) => (ok ? 'met' : '**not met**');
  const difference = (a, b) => (a != null && b != null ? a - b : NaN);
  const row = (cells) => `| ${cells.join(' | ')} |`;
  const lines = [
    `## Flaregate benchmark (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
    '',
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GiB, ${m.os}, ${m.java}. Load generator, upstream (the`
      + ` Workers AI emulator, a separate JVM) and gateway all on this machine. ${s.durationSeconds} s per`
      + ` measurement after ${s.warmupSeconds} s of warm-up; gateway JVM: \`${s.gatewayJavaOpts}\`. Requests`
      + ` through the gateway carry an API key without limits, except in the scenario with a key with limits`
      + ` (\`${s.keyPolicy}\`).`,
    '',
    row(['Scenario', 'Direct', 'Through Flaregate', 'Gateway / direct', 'Gateway CPU per request']),
    row(['---', '---', '---', '---', '---']),
  ];
  for (const key of ['chat', 'chatLimited', 'embed1', 'embed100']) {
    const { name, direct: d, gateway: gw } = sc[key];
    lines.push(row([`${name} (${CONCURRENCY} connections)`,
      `${d.rps}/s, p50 ${d.p50Ms} ms, p99 ${d.p99Ms} ms`, `${gw.rps}/s, p50 ${gw.p50Ms} ms, p99 ${gw.p99Ms} ms`,
      `throughput ${ratio(gw.rps, d.rps)}`, `${gw.cpuMsPerRequest} ms`]));
  }
  const rate = sc.chatRate;
  lines.push(row([rate.name, `p50 ${ms(rate.direct.p50Ms)}, p99 ${ms(rate.direct.p99Ms)}`,
    `p50 ${ms(rate.gateway.p50Ms)}, p99 ${ms(rate.gateway.p99Ms)}`,
    `added p50 ${added(rate.gateway.p50Ms, rate.direct.p50Ms)}, p99 ${added(rate.gateway.p99Ms, rate.direct.p99Ms)}`,
    `${rate.gateway.cpuMsPerRequest} ms`]));
  const st = sc.streaming;
  lines.push(row([`${st.name} (${STREAM_CONCURRENCY} at once, a token every ${TOKEN_INTERVAL_MS} ms)`,
    `first chunk p50 ${st.direct.ttfcP50Ms} ms, p99 ${st.direct.ttfcP99Ms} ms; gap p50 ${st.direct.gapP50Ms} ms,`
      + ` p99 ${st.direct.gapP99Ms} ms; batched reads ${st.direct.batchedReadsPct} %`,
    `first chunk p50 ${st.gateway.ttfcP50Ms} ms, p99 ${st.gateway.ttfcP99Ms} ms; gap p50 ${st.gateway.gapP50Ms}`
      + ` ms, p99 ${st.gateway.gapP99Ms} ms; batched reads ${st.gateway.batchedReadsPct} %`,
    `added first chunk p50 ${added(st.gateway.ttfcP50Ms, st.direct.ttfcP50Ms)}`,
    `${st.gateway.cpuMsPerRequest} ms`]));
  const limitsCost = difference(sc.chatLimited.gateway.cpuMsPerRequest, sc.chat.gateway.cpuMsPerRequest);
  lines.push('', `Gateway CPU per non-streamed chat request with a key with limits (requests and tokens a minute,`
    + ` tokens a day): ${ms(sc.chatLimited.gateway.cpuMsPerRequest)}, against ${ms(sc.chat.gateway.cpuMsPerRequest)}`
    + ` with a key without; difference ${ms(Number.isFinite(limitsCost) ? round(limitsCost, 3) : null)}.`);
  lines.push('', `Gateway peak resident memory (VmHWM): ${g.peakRssMb} MB.`, '', '| Target | Figure | |',
    '| --- | --- | --- |');
  const throughput = sc.chat.gateway.rps / sc.chat.direct.rps;
  const addedP50 = difference(rate.gateway.p50Ms, rate.direct.p50Ms);
  const addedP99 = difference(rate.gateway.p99Ms, rate.direct.p99Ms);
  const addedTtfc = st.gateway.ttfcP50Ms - st.direct.ttfcP50Ms;
  lines.push(
    row(['Non-streaming throughput ≥ 50 % of direct', `${round(100 * throughput, 1)} %`, check(throughput >= 0.5)]),
    row(['Added latency at a fixed rate, p50 ≤ 0.5 ms', `${round(addedP50, 3)} ms`, check(addedP50 <= 0.5)]),
    row(['Added latency at a fixed rate, p99 ≤ 2 ms', ms(Number.isFinite(addedP99) ? round(addedP99, 3) : null),
      check(addedP99 <= 2)]),
    row(['Added time to first chunk, p50 ≤ 1 ms', `${round(addedTtfc, 3)} ms`, check(addedTtfc <= 1)]),
    row(['Chunks relayed without batching', `${st.gateway.batchedReadsPct} % batched reads`,
      check(st.gateway.batchedReadsPct <= st.direct.batchedReadsPct + 1)]),
    row(['Peak resident memory ≤ 250 MB', `${g.peakRssMb} MB`, check(g.peakRssMb <= 250)]),
    '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------

function parseArgs(args) {
  const value = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  return {
    duration: Number(value('duration', 15)),
    warmup: Number(value('warmup', 60)),
    rate: Number(value('rate', 400)),
    build: !args.includes('--no-build'),
    out: path.resolve(value('out', path.join(ROOT, 'target/bench'))),
  };
}

function ensureTools() {
  const missing = ['wrk', 'hey'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Install ${missing.join(' and ')} first: sudo apt-get install -y ${missing.join(' ')}`);
  }
  run('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  run('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit' });
}

function run(command, args, opts) {
  const result = spawnSync(command, args, opts);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with status ${result.status}`);
}

function capture(command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${out}`))));
  });
}

function startJava(name, javaOpts, env) {
  const childEnv = { ...process.env, ...env };
  if (!env.CLOUDFLARE_ACCOUNT_ID) {
    delete childEnv.CLOUDFLARE_ACCOUNT_ID;
    delete childEnv.CLOUDFLARE_API_TOKEN;
  }
  delete childEnv.FLAREGATE_AI_GATEWAY_ID;
  const child = spawn('java', [...javaOpts, '-jar', JAR], { env: childEnv });
  const logFile = createWriteStream(path.join(options.out, `${name}.log`));
  child.stdout.pipe(logFile);
  child.stderr.pipe(logFile);
  children.push(child);
  return child;
}

async function ready(port) {
  for (let i = 0; i < 120; i++) {
    const status = await new Promise((resolve) => {
      http.get(`http://127.0.0.1:${port}/q/health/ready`, (r) => { r.resume(); resolve(r.statusCode); })
        .on('error', () => resolve(0));
    });
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Nothing ready on port ${port}; see the logs in ${options.out}`);
}

function freePorts(n) {
  return Promise.all(Array.from({ length: n }, () => new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  })));
}

/** User plus system CPU time of a process, from /proc (clock ticks of 10 ms on Linux). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function peakRssKb(pid) {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
}

function machine() {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0];
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGb: round(os.totalmem() / 2 ** 30, 0),
    os: `${os.type()} ${os.release()}`,
    java,
  };
}

function settings() {
  return {
    durationSeconds: options.duration,
    warmupSeconds: options.warmup,
    rate: options.rate,
    concurrency: CONCURRENCY,
    streamConcurrency: STREAM_CONCURRENCY,
    tokenIntervalMs: TOKEN_INTERVAL_MS,
    gatewayJavaOpts: GATEWAY_JAVA_OPTS.join(' '),
    keyPolicy: LIMITED_POLICY,
  };
}

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))], 3);
}

function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function log(message) {
  console.error(`[bench] ${message}`);
}
