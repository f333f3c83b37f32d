#!/usr/bin/env node
// Held uploads against a running gateway: 60 connections each declare a 9 MB body (or send it chunked), send 8 MB
// of it and hold the connection open, as in the report that led to docs/hardening.md "Request bodies". Prints the
// answers, the gateway's resident memory before and at its peak, and the slowest liveness probe meanwhile.
//
//   node src/bench/held-uploads.mjs --port 8080 --pid 12345 [--key sk-...] [--chunked]
import net from 'node:net';
import http from 'node:http';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const option = (name) => { const at = args.indexOf(`--${name}`); return at < 0 ? undefined : args[at + 1]; };
const port = Number(option('port'));
const pid = option('pid');
const key = option('key');
const chunked = args.includes('--chunked');
const UPLOADS = 60;
const DECLARED = 9 * 1024 * 1024;
const SENT = 8 * 1024 * 1024;

const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function probe() {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/q/health/live', timeout: 5000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(Number(process.hrtime.bigint() - start) / 1e6));
    });
    request.on('timeout', () => { request.destroy(); resolve(5000); });
    request.on('error', () => resolve(5000));
  });
}

/** Opens one upload and reports its status line's code, or 'held' if none came within 300 ms. */
function upload(sockets) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    sockets.push(socket);
    socket.on('error', () => resolve('reset'));
    socket.once('data', (data) => resolve(data.toString('latin1').split(' ')[1]));
    const head = 'POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n'
      + (key ? `Authorization: Bearer ${key}\r\n` : '')
      + (chunked ? 'Transfer-Encoding: chunked\r\n\r\n' : `Content-Length: ${DECLARED}\r\n\r\n`);
    socket.write(head);
    const body = Buffer.alloc(SENT, 'x');
    socket.write(chunked ? Buffer.concat([Buffer.from(`${SENT.toString(16)}\r\n`), body, Buffer.from('\r\n')]) : body);
    setTimeout(() => resolve('held'), 300);
  });
}

const before = rssMb();
let peak = before;
let slowest = 0;
let probing = true;
const prober = (async () => {
  while (probing) {
    peak = Math.max(peak, rssMb());
    slowest = Math.max(slowest, await probe());
    await sleep(200);
  }
})();
const sockets = [];
const answers = {};
const started = Date.now();
for (let i = 0; i < UPLOADS; i++) {
  const answer = await upload(sockets);
  answers[answer] = (answers[answer] ?? 0) + 1;
}
const took = (Date.now() - started) / 1000;
await sleep(5000);
probing = false;
await prober;
sockets.forEach((socket) => socket.destroy());
console.log(`${UPLOADS} uploads ${chunked ? 'chunked' : 'with Content-Length'}${key ? ' with a key' : ''}: `
  + `${JSON.stringify(answers)} in ${took.toFixed(1)} s; RSS ${before.toFixed(0)} -> peak ${peak.toFixed(0)} MiB; `
  + `slowest liveness probe ${slowest.toFixed(0)} ms`);
