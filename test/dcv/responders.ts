/**
 * Local peers for the DCV tests, on 127.0.0.1 only (never the internet): a tiny UDP DNS
 * responder (RFC 1035 §4.1 message format, TXT answers) and an HTTP + HTTPS server pair that
 * answers per Host header.
 */
import dgram from 'node:dgram';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';

export interface DnsResponder {
  port: number;
  /** TXT records by owner name (lower case): each record is a list of character-strings. */
  txt: Map<string, string[][]>;
  /** Names that get no answer at all (the client must time out). */
  silent: Set<string>;
  queries: string[];
  close(): Promise<void>;
}

function readName(msg: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let i = offset;
  while (msg[i] !== 0) {
    const len = msg[i];
    labels.push(msg.subarray(i + 1, i + 1 + len).toString('latin1'));
    i += 1 + len;
  }
  return { name: labels.join('.').toLowerCase(), end: i + 1 };
}

export async function startDnsResponder(): Promise<DnsResponder> {
  const sock = dgram.createSocket('udp4');
  const r: DnsResponder = {
    port: 0,
    txt: new Map(),
    silent: new Set(),
    queries: [],
    close: () => new Promise((res) => sock.close(() => res())),
  };
  sock.on('message', (msg, rinfo) => {
    if (msg.length < 12) return;
    const { name, end } = readName(msg, 12);
    const qtype = msg.readUInt16BE(end);
    r.queries.push(`${name}/${qtype}`);
    if (r.silent.has(name)) return;
    const question = msg.subarray(12, end + 4);
    const records = qtype === 16 ? (r.txt.get(name) ?? []) : [];
    const known = r.txt.has(name);
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2); // id
    header.writeUInt16BE(0x8180 | (known ? 0 : 3), 2); // QR RD RA, NOERROR or NXDOMAIN
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(records.length, 6);
    const answers = records.map((chunks) => {
      const rdata = Buffer.concat(chunks.map((c) => {
        const b = Buffer.from(c, 'utf8');
        return Buffer.concat([Buffer.from([b.length]), b]);
      }));
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
      rr.writeUInt16BE(16, 2);
      rr.writeUInt16BE(1, 4);
      rr.writeUInt32BE(3600, 6);
      rr.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([rr, rdata]);
    });
    sock.send(Buffer.concat([header, question, ...answers]), rinfo.port, rinfo.address);
  });
  await new Promise<void>((res) => sock.bind(0, '127.0.0.1', () => res()));
  r.port = (sock.address() as AddressInfo).port;
  return r;
}

/** A UDP port nothing listens on (bound, then closed): queries get ICMP port unreachable. */
export async function closedUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((res) => s.bind(0, '127.0.0.1', () => res()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((res) => s.close(() => res()));
  return port;
}

export async function closedTcpPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', () => res()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((res) => s.close(() => res()));
  return port;
}

export type Route = (req: http.IncomingMessage, res: http.ServerResponse, scheme: 'http' | 'https') => void;

export interface WebPair {
  http: number;
  https: number;
  /** Handlers by host name (no port). Unknown hosts get 404. */
  routes: Map<string, Route>;
  requests: string[];
  close(): Promise<void>;
}

export async function startWebPair(): Promise<WebPair> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwiz-dcv-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=self-signed.test', '-days', '1',
    '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem')], { stdio: 'ignore' });
  const routes = new Map<string, Route>();
  const requests: string[] = [];
  const handler = (scheme: 'http' | 'https') => (req: http.IncomingMessage, res: http.ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    requests.push(`${scheme}://${host}${req.url}`);
    const route = routes.get(host);
    if (route) return route(req, res, scheme);
    res.writeHead(404).end('no such host');
  };
  const sockets = new Set<net.Socket>();
  const h = http.createServer(handler('http'));
  const s = https.createServer({ key: fs.readFileSync(path.join(dir, 'k.pem')), cert: fs.readFileSync(path.join(dir, 'c.pem')) }, handler('https'));
  for (const srv of [h, s]) srv.on('connection', (c) => (sockets.add(c), c.on('close', () => sockets.delete(c))));
  await new Promise<void>((res) => h.listen(0, '127.0.0.1', () => res()));
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', () => res()));
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    http: (h.address() as AddressInfo).port,
    https: (s.address() as AddressInfo).port,
    routes,
    requests,
    async close() {
      for (const c of sockets) c.destroy();
      await Promise.all([new Promise((r) => h.close(r)), new Promise((r) => s.close(r))]);
    },
  };
}
