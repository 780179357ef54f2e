/**
 * The floor: a bare node:http server that answers each known request with bytes captured from
 * the real server beforehand (same status, content headers and body). What it sustains is the
 * cost of HTTP on loopback for bodies of those sizes, with no routing, validation, database or
 * serialisation work.
 *
 * Usage: node --import tsx bench/floor.ts <answers.json>
 * where answers.json is `FloorAnswer[]`; a request matches on method and path with query.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { exitWithParent } from './lifecycle.ts';

export interface FloorAnswer {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  bodyBase64: string;
}

const file = process.argv[2];
if (!file) {
  console.error('Usage: bench/floor.ts <answers.json>');
  process.exit(2);
}

interface Prepared {
  status: number;
  headers: Record<string, string | number>;
  body: Buffer;
}

const answers = new Map<string, Prepared>();
for (const answer of JSON.parse(readFileSync(file, 'utf8')) as FloorAnswer[]) {
  const body = Buffer.from(answer.bodyBase64, 'base64');
  answers.set(`${answer.method} ${answer.path}`, {
    status: answer.status,
    headers: { ...answer.headers, 'content-length': body.length },
    body,
  });
}
const notFound = Buffer.from('{"status":404}');

const server = createServer((req, res) => {
  // The cold read varies a trailing `n=` parameter; it has the same answer as `n=0`.
  const path = (req.url ?? '').replace(/&n=\d+$/, '&n=0');
  const answer = answers.get(`${req.method} ${path}`);
  const reply = () => {
    if (answer) {
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    } else {
      res.writeHead(404, { 'content-type': 'application/json', 'content-length': notFound.length });
      res.end(notFound);
    }
  };
  if (req.method === 'GET' || req.method === 'HEAD') {
    req.resume();
    reply();
  } else {
    // Read the whole request body first, as the real server must.
    req.on('end', reply);
    req.resume();
  }
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`listening ${address.port}\n`);
});

exitWithParent(() => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 3000).unref();
});
