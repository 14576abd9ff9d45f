// A minimal LSP client for the tests: framed JSON-RPC over the stdin and stdout of a real
// `archc lsp`, answers matched to their requests, everything else kept in `notes`.
import { spawn } from 'node:child_process';

export function startServer(archc, spawnOptions = {}) {
  const server = spawn(archc, ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'], ...spawnOptions });
  let buffer = Buffer.alloc(0), nextId = 1;
  const waiting = new Map(), notes = [];
  let noteWaiters = [];
  server.stdin.on('error', () => {});  // a server that died: the checks say so
  server.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.slice(0, end).toString())[1]);
      if (buffer.length < end + 4 + length) return;
      const message = JSON.parse(buffer.slice(end + 4, end + 4 + length).toString('utf8'));
      buffer = buffer.slice(end + 4 + length);
      if (message.id !== undefined && waiting.has(message.id)) {
        waiting.get(message.id)(message);
        waiting.delete(message.id);
      } else {
        notes.push(message);
        noteWaiters = noteWaiters.filter((w) => !w());
      }
    }
  });
  // Resolves once the bytes are handed to the pipe (after a 'drain' when it is full).
  const sendRaw = (bytes) => new Promise((resolve) => { if (server.stdin.write(bytes)) resolve(); else server.stdin.once('drain', resolve); });
  const frame = (message) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
  };
  const send = (message) => sendRaw(frame(message));
  // The answer to request `id`, sent or to be sent; rejected after `timeoutMs` (0: never).
  function answer(id, timeoutMs = 0) {
    const early = notes.find((m) => m.id === id && m.method === undefined);
    if (early) return Promise.resolve(early);
    return new Promise((resolve, reject) => {
      const timer = timeoutMs ? setTimeout(() => { waiting.delete(id); reject(new Error(`no answer to request ${id} within ${timeoutMs} ms`)); }, timeoutMs) : null;
      waiting.set(id, (m) => { if (timer) clearTimeout(timer); resolve(m); });
    });
  }
  const newId = () => nextId++;
  function request(method, params, timeoutMs = 0) {
    const id = newId();
    const answered = answer(id, timeoutMs);
    send({ id, method, params });
    return answered;
  }
  const notify = (method, params) => send({ method, params });
  // The next diagnostics published for `uri` after `from` notes were seen.
  function diagnostics(uri, from, timeoutMs = 10000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}`)), timeoutMs);
      const look = () => {
        const n = notes.slice(from).find((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
        if (n) { clearTimeout(timer); resolve(n.params.diagnostics); return true; }
        return false;
      };
      if (!look()) noteWaiters.push(look);
    });
  }
  const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
  return { server, notes, frame, send, sendRaw, answer, newId, request, notify, diagnostics, exited };
}

export const uriOf = (p) => 'file://' + p.split('/').map(encodeURIComponent).join('/');

// A tally of named checks, printed as TAP-like lines.
export function checker() {
  let passed = 0, failed = 0;
  function check(name, ok, detail = '') {
    if (ok) { passed++; console.log(`ok - ${name}`); } else { failed++; console.log(`not ok - ${name}${detail ? ': ' + detail : ''}`); }
    return ok;
  }
  function finish() {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  }
  return { check, finish };
}
