/**
 * Shared plumbing of the fake scoring services: a loopback HTTP server on a free port that records every request
 * (arrival time, path, key, JSON body) and answers from a handler, after an optional scripted failure or delay.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded request. */
export interface RecordedRequest {
  /** Arrival time, ms since the epoch (fractional). */
  at: number;
  method: string;
  path: string;
  /** The key as sent (query `key` or bearer token). */
  key: string | null;
  body: unknown;
  /** Status the fake answered. */
  status: number;
}

/** An answer: status, JSON body, extra headers, and a delay before sending it. */
export interface FakeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface FakeServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: RecordedRequest[];
  /** Scripted answers used (in order) before the normal handler; `null` entries mean "answer normally". */
  script: Array<FakeReply | null>;
  close(): Promise<void>;
}

/** Starts a fake on 127.0.0.1, port 0. `handle` answers requests the script does not. */
export function startFakeServer(
  keyOf: (req: http.IncomingMessage, url: URL) => string | null,
  handle: (request: RecordedRequest, url: URL) => FakeReply,
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const script: Array<FakeReply | null> = [];
  const server = http.createServer((req, res) => {
    const at = performance.timeOrigin + performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        body = raw;
      }
      const record: RecordedRequest = { at, method: req.method ?? '', path: url.pathname, key: keyOf(req, url), body, status: 0 };
      requests.push(record);
      const reply = (script.length > 0 ? script.shift() : null) ?? handle(record, url);
      record.status = reply.status;
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
        res.end(JSON.stringify(reply.body));
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        script,
        close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}

/** The largest number of recorded requests inside any window [t, t + 1000 ms] that starts at a request. */
export function maxRequestsPerSecond(requests: readonly RecordedRequest[]): number {
  const times = requests.map((r) => r.at).sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (j < times.length && times[j]! <= times[i]! + 1000) j++;
    max = Math.max(max, j - i);
  }
  return max;
}
