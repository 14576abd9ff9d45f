// The VS Code extension of grammar/vscode/, everything short of VS Code itself: the manifest
// read as VS Code reads it (language, language configuration, grammar through the syntaxes/
// symlink, the archc.path setting, the dependency extension.js needs), then extension.js
// loaded with `vscode` and `vscode-languageclient/node` stubbed, and activate() run twice
// (archc.path unset, then set): the stub LanguageClient starts the server as the real one
// does for `{ command, args }` over stdio (spawn, initialize, initialized, didOpen of the
// open .arch document), the rule violation comes back as diagnostics, deactivate() stops it.
// Not covered: VS Code itself (its extension host, the real vscode-languageclient, the
// colouring). @vscode/test-electron downloads VS Code from Microsoft, and this machine has no
// network beyond the Debian and npm registries; the colouring is tests/browser/grammar_test.mjs.
//
//   node tests/lsp/vscode_extension_test.mjs ARCHC_BINARY PROJECT_SOURCE_DIR WORKDIR
//   (EXTENSION_DIR=... takes the extension from elsewhere, default PROJECT_SOURCE_DIR/grammar/vscode)
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import Module, { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const [archcArg, sourceArg, workArg] = process.argv.slice(2);
if (!archcArg || !sourceArg || !workArg) {
  console.error('usage: node vscode_extension_test.mjs ARCHC_BINARY PROJECT_SOURCE_DIR WORKDIR');
  process.exit(2);
}
const archc = path.resolve(archcArg);
const extDir = path.resolve(process.env.EXTENSION_DIR || path.join(sourceArg, 'grammar', 'vscode'));
const work = path.resolve(workArg);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const uriOf = (p) => 'file://' + p.split('/').map(encodeURIComponent).join('/');
const WAIT = 10000;
const RULE = 'consumers-dial-brokers';

let passed = 0, failed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok - ${name}`); } else { failed++; console.log(`not ok - ${name}${detail ? ': ' + detail : ''}`); }
  return ok;
}
const show = (v) => { try { return JSON.stringify(v); } catch { return String(v); } };

// Every server started is killed if the test ends early; a watchdog ends it if it hangs.
const children = new Set();
process.on('exit', () => { for (const c of children) { try { c.kill('SIGKILL'); } catch { /* gone */ } } });
setTimeout(() => {
  check('the test finished in time', false, 'still running after 45 s');
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(1);
}, 45000).unref();
function withTimeout(promise, what, ms = WAIT) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms); })])
    .finally(() => clearTimeout(timer));
}

// JSON with comments and trailing commas, as VS Code reads language-configuration.json.
function parseJsonc(text) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      out += ' ';
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}
const readJson = (file, jsonc = false) => { const text = readFileSync(file, 'utf8'); return jsonc ? parseJsonc(text) : JSON.parse(text); };
// The lowest version a range like ^1.75.0, >=1.75.0 or 1.75.x lets in, as [major, minor, patch].
const floorOf = (range) => { const m = /(\d+)\.(\d+|x|\*)(?:\.(\d+|x|\*))?/.exec(String(range)); return m ? [m[1], m[2], m[3]].map((n) => Number(n) || 0) : null; };
const atLeast = (a, b) => a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] >= b[2];
// The VS Code each vscode-languageclient major requires (its REQUIRED_VSCODE_VERSION; it throws on older).
const LANGUAGECLIENT_NEEDS = { 7: [1, 52, 0], 8: [1, 67, 0], 9: [1, 82, 0] };

// ---- 1. The manifest --------------------------------------------------------------------
let manifest = {}, languageId = 'arch', mainPath = null;
try {
  manifest = readJson(path.join(extDir, 'package.json'));
  check('package.json parses', true);
} catch (e) {
  check('package.json parses', false, `${extDir}: ${e.message}`);
}
check('name, publisher and version are set (VS Code names the extension publisher.name)',
      !!manifest.name && !!manifest.publisher && !!manifest.version, show({ name: manifest.name, publisher: manifest.publisher, version: manifest.version }));
try {
  mainPath = createRequire(path.join(extDir, 'package.json')).resolve(path.resolve(extDir, manifest.main || 'MISSING-main'));
} catch (e) { mainPath = null; }
check('main names a file that exists, loaded as CommonJS', !!mainPath && manifest.type !== 'module', show({ main: manifest.main, type: manifest.type }));
const engines = manifest.engines && manifest.engines.vscode;
check('engines.vscode is a version range', !!engines && !!floorOf(engines), show(manifest.engines));
const clientRange = manifest.dependencies && manifest.dependencies['vscode-languageclient'];
check('dependencies name vscode-languageclient', !!clientRange, show(manifest.dependencies));
{
  const clientMajor = clientRange && floorOf(clientRange) ? floorOf(clientRange)[0] : null;
  const needs = LANGUAGECLIENT_NEEDS[clientMajor];
  const floor = floorOf(engines);
  check(`engines.vscode lets in no VS Code older than vscode-languageclient ${clientRange} requires`,
        !needs || (floor && atLeast(floor, needs)),
        `engines.vscode ${engines}, but vscode-languageclient ${clientMajor}.x throws on VS Code before ${needs && needs.join('.')}`);
}

const language = (manifest.contributes && manifest.contributes.languages || [])[0] || {};
languageId = language.id || languageId;
check('contributes.languages[0] is arch, for .arch files', language.id === 'arch' && (language.extensions || []).includes('.arch'), show(language));
check('activationEvents include onLanguage:arch', (manifest.activationEvents || []).includes(`onLanguage:${language.id}`), show(manifest.activationEvents));
let langConfig = null;
try {
  langConfig = readJson(path.resolve(extDir, language.configuration || 'MISSING-configuration'), true);
  check('the language configuration exists and parses', true);
} catch (e) {
  check('the language configuration exists and parses', false, `${language.configuration}: ${e.message}`);
}
if (langConfig) {
  const comments = langConfig.comments || {};
  check('the language configuration has the language\'s comments: // and /* */',
        comments.lineComment === '//' && isDeepStrictEqual(comments.blockComment, ['/*', '*/']), show(comments));
  const brackets = langConfig.brackets || [];
  check('the language configuration\'s brackets include {}, () and []',
        [['{', '}'], ['(', ')'], ['[', ']']].every((pair) => brackets.some((b) => isDeepStrictEqual(b, pair))), show(brackets));
}

const grammar = (manifest.contributes && manifest.contributes.grammars || [])[0] || {};
check('contributes.grammars[0] is for the language, scope source.arch', grammar.language === language.id && grammar.scopeName === 'source.arch', show(grammar));
{
  const grammarPath = path.resolve(extDir, grammar.path || 'MISSING-path');
  let real = null, tm = null, why = '';
  try {
    real = realpathSync(grammarPath);
    tm = readJson(real);
  } catch (e) { why = e.message; }
  check('the grammar path resolves (through the syntaxes symlink) to a JSON file', !!tm,
        `${grammar.path}${lstatSafe(path.dirname(grammarPath))}: ${why}`);
  if (tm) {
    check('the grammar file\'s scopeName is the manifest\'s', tm.scopeName === grammar.scopeName, `${tm.scopeName} vs ${grammar.scopeName}`);
    check('the grammar file\'s fileTypes (if any) include arch', tm.fileTypes === undefined || (tm.fileTypes || []).includes('arch'), show(tm.fileTypes));
  }
}
function lstatSafe(p) { try { return lstatSync(p).isSymbolicLink() ? ` (${path.basename(p)} -> ${readlinkSync(p)})` : ''; } catch { return ''; } }

const setting = manifest.contributes && manifest.contributes.configuration &&
  [].concat(manifest.contributes.configuration).map((c) => (c.properties || {})['archc.path']).find(Boolean);
check('the setting archc.path exists, a string defaulting to archc', !!setting && setting.default === 'archc' && setting.type === 'string', show(setting));

// ---- 2. extension.js, with vscode and vscode-languageclient stubbed ----------------------

// Does a document match a DocumentSelector, as vscode.languages.match decides.
function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') { re += '.*'; i++; if (glob[i + 1] === '/') i++; }
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') { const end = glob.indexOf('}', i); re += '(' + glob.slice(i + 1, end).split(',').map((s) => s.replace(/[.+^$()|[\]\\]/g, '\\$&')).join('|') + ')'; i = end; }
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}
function matches(selector, doc) {
  return [].concat(selector || []).some((f) => {
    if (typeof f === 'string') return f === '*' || f === doc.languageId;
    if (!f || (f.language === undefined && f.scheme === undefined && f.pattern === undefined)) return false;
    if (f.language !== undefined && f.language !== '*' && f.language !== doc.languageId) return false;
    if (f.scheme !== undefined && f.scheme !== '*' && f.scheme !== doc.uri.scheme) return false;
    if (f.pattern !== undefined) {
      const glob = typeof f.pattern === 'string' ? f.pattern : f.pattern.pattern;
      const file = doc.uri.fsPath;
      if (!globToRegExp(glob).test(file) && !globToRegExp(glob).test(path.basename(file))) return false;
    }
    return true;
  });
}
function textDocument(file, languageId, text, scheme = 'file') {
  const uri = { scheme, fsPath: file, path: file, toString: () => (scheme === 'file' ? uriOf(file) : `${scheme}:${file}`) };
  return { uri, fileName: file, languageId, version: 1, getText: () => text, isClosed: false };
}

// The stub LanguageClient: records its arguments, and starts the server as
// vscode-languageclient/node 9 does for an Executable with no transport: spawn(command, args,
// { ...options, cwd: options.cwd || the workspace folder }), stdio, framed JSON-RPC.
function makeLanguageClientModule(vscodeStub, record) {
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      if (typeof name !== 'string') { [serverOptions, clientOptions] = [name, serverOptions]; name = id; id = String(id).toLowerCase(); }
      Object.assign(this, { id, name, serverOptions, clientOptions });
      this.startCalls = 0; this.stopCalls = 0; this.startPromise = null; this.stopPromise = null;
      this.process = null; this.exitCode = undefined; this.stderr = ''; this.initializeResult = null;
      this.buffer = Buffer.alloc(0); this.nextId = 1; this.waiting = new Map(); this.notes = []; this.noteWaiters = [];
      this.exited = new Promise((resolve) => { this.onExit = resolve; });
      record.clients.push(this);
    }
    start() {
      this.startCalls++;
      if (!this.startPromise) this.startPromise = this.run();
      return this.startPromise;
    }
    async run() {
      let json = this.serverOptions;
      if (typeof json === 'function') throw new Error('the test stub does not run ServerOptions functions');
      if (json && (json.run || json.debug)) json = json.run;
      if (!json || typeof json.command !== 'string' || !json.command) throw new Error(`Unsupported server configuration ${show(this.serverOptions)}`);
      const args = json.args !== undefined ? json.args.slice(0) : [];
      if (json.transport === 0 /* TransportKind.stdio */) args.push('--stdio');
      else if (json.transport !== undefined) throw new Error(`the test stub runs stdio only, not transport ${show(json.transport)}`);
      const folder = vscodeStub.workspace.workspaceFolders && vscodeStub.workspace.workspaceFolders[0];
      const options = Object.assign({}, json.options);
      options.cwd = options.cwd || (folder && existsSync(folder.uri.fsPath) && statSync(folder.uri.fsPath).isDirectory() ? folder.uri.fsPath : undefined);
      this.spawned = { command: json.command, args, cwd: options.cwd };
      const child = spawn(json.command, args, options);
      child.on('error', (e) => { this.spawnError = e; });
      if (!child.pid) {
        const error = await new Promise((resolve) => { child.once('error', resolve); setTimeout(resolve, 1000); });
        throw new Error(`Launching server using command ${json.command} failed${error ? ': ' + error.message : ''}.`);
      }
      this.process = child;
      children.add(child);
      child.on('exit', (code, signal) => { children.delete(child); this.exitCode = code; this.exitSignal = signal; this.onExit(code); });
      child.stderr.on('data', (d) => { this.stderr += d; });
      child.stdout.on('data', (chunk) => this.receive(chunk));
      child.stdin.on('error', () => { /* the server went away; the exit says how */ });

      const init = await this.request('initialize', {
        processId: process.pid, clientInfo: { name: 'Visual Studio Code', version: vscodeStub.version }, locale: 'en',
        rootPath: folder ? folder.uri.fsPath : null, rootUri: folder ? folder.uri.toString() : null,
        capabilities: {
          general: { positionEncodings: ['utf-16'] },
          workspace: { workspaceFolders: true, configuration: true },
          textDocument: { synchronization: { dynamicRegistration: true, didSave: true }, publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true } },
        },
        trace: 'off', workspaceFolders: folder ? [{ uri: folder.uri.toString(), name: folder.name }] : null,
      });
      if (init.error) throw new Error(`initialize failed: ${show(init.error)}`);
      this.initializeResult = init.result;
      this.notify('initialized', {});
      // The open/close feature: documents already open and matching the selector are opened
      // in the server, if the server syncs documents at all.
      const sync = init.result && init.result.capabilities && init.result.capabilities.textDocumentSync;
      const openClose = typeof sync === 'number' ? sync > 0 : !!(sync && sync.openClose);
      if (openClose) {
        for (const doc of vscodeStub.workspace.textDocuments) {
          if (matches(this.clientOptions && this.clientOptions.documentSelector, doc)) {
            this.notify('textDocument/didOpen', { textDocument: { uri: doc.uri.toString(), languageId: doc.languageId, version: doc.version, text: doc.getText() } });
          }
        }
      }
    }
    stop() {
      this.stopCalls++;
      if (!this.stopPromise) this.stopPromise = this.shutdown();
      return this.stopPromise;
    }
    async shutdown() {
      if (!this.process) return;
      if (this.exitCode === undefined) {
        this.shutdownAnswer = await withTimeout(this.request('shutdown', null), 'the answer to shutdown');
        this.notify('exit', null);
      }
      await withTimeout(this.exited, 'the server to exit after exit');
    }
    dispose() { return this.stop(); }
    receive(chunk) {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.slice(0, end).toString())[1]);
        if (this.buffer.length < end + 4 + length) return;
        const message = JSON.parse(this.buffer.slice(end + 4, end + 4 + length).toString('utf8'));
        this.buffer = this.buffer.slice(end + 4 + length);
        if (message.method !== undefined && message.id !== undefined) {
          // A request from the server: answer as a client that has nothing to add.
          const result = message.method === 'workspace/configuration' ? (message.params.items || []).map(() => null) : null;
          this.send({ id: message.id, result });
        } else if (message.id !== undefined && this.waiting.has(message.id)) {
          this.waiting.get(message.id)(message);
          this.waiting.delete(message.id);
        } else {
          this.notes.push(message);
          this.noteWaiters = this.noteWaiters.filter((w) => !w());
        }
      }
    }
    send(message) {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
      this.process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      this.process.stdin.write(body);
    }
    request(method, params) {
      const id = this.nextId++;
      const answer = new Promise((resolve) => { this.waiting.set(id, resolve); this.send({ id, method, params }); });
      return withTimeout(Promise.race([answer, this.exited.then((c) => { throw new Error(`the server exited (${c}) before answering ${method}`); })]),
                         `the answer to ${method}`);
    }
    notify(method, params) { this.send({ method, params }); }
    // The first diagnostics published for `uri`.
    diagnostics(uri) {
      return withTimeout(new Promise((resolve) => {
        const look = () => {
          const n = this.notes.find((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
          if (n) { resolve(n.params.diagnostics); return true; }
          return false;
        };
        if (!look()) this.noteWaiters.push(look);
      }), `publishDiagnostics for ${uri}`);
    }
  }
  return { LanguageClient, TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 } };
}

function makeVscode(configured, record, openDocs) {
  const folderPath = work;
  const values = configured === undefined ? {} : { 'archc.path': configured };
  return {
    version: '1.95.0',
    workspace: {
      getConfiguration(section) {
        record.configurationSections.push(section);
        return {
          get(key, fallback) {
            const full = section ? `${section}.${key}` : key;
            record.configurationKeys.push(full);
            return full in values ? values[full] : fallback;
          },
          has: (key) => (section ? `${section}.${key}` : key) in values,
        };
      },
      workspaceFolders: [{ uri: { scheme: 'file', fsPath: folderPath, path: folderPath, toString: () => uriOf(folderPath) }, name: path.basename(folderPath), index: 0 }],
      textDocuments: openDocs,
      onDidOpenTextDocument: () => ({ dispose() {} }),
      onDidChangeConfiguration: () => ({ dispose() {} }),
    },
    languages: { match: (selector, doc) => (matches(selector, doc) ? 10 : 0) },
    window: {
      createOutputChannel: () => ({ append() {}, appendLine() {}, show() {}, dispose() {} }),
      showErrorMessage: (...a) => { record.errors.push(a.join(' ')); return Promise.resolve(undefined); },
      showInformationMessage: () => Promise.resolve(undefined),
      showWarningMessage: () => Promise.resolve(undefined),
    },
    Disposable: class { constructor(f) { this.dispose = f; } static from(...d) { return { dispose: () => d.forEach((x) => x.dispose()) }; } },
    Uri: { file: (p) => ({ scheme: 'file', fsPath: p, path: p, toString: () => uriOf(p) }) },
  };
}

// The archc binary the server process runs (Linux), to tell the PATH symlink was used.
function exeOf(pid) { try { return readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, ''); } catch { return null; } }

const extReal = existsSync(extDir) ? realpathSync(extDir) : extDir;
const docPath = path.join(work, 'main.arch');
const docText = 'import std.streaming\nkafka kafka\nflink flink\nconnect(kafka, flink)\n';
writeFileSync(docPath, docText);
const binDir = path.join(work, 'bin');
mkdirSync(binDir, { recursive: true });
symlinkSync(archc, path.join(binDir, 'archc'));

async function activation(label, configured, expectedCommand) {
  const record = { clients: [], configurationSections: [], configurationKeys: [], errors: [], required: [] };
  const doc = textDocument(docPath, 'arch', docText);
  const vscode = makeVscode(configured, record, [doc]);
  const languageclient = makeLanguageClientModule(vscode, record);
  const originalLoad = Module._load;
  const originalPath = process.env.PATH;
  Module._load = function (request, parent, isMain) {
    if (parent && parent.filename && [extDir, extReal].some((d) => parent.filename.startsWith(d + path.sep))) record.required.push(request);
    if (request === 'vscode') return vscode;
    if (request === 'vscode-languageclient/node' || request === 'vscode-languageclient') return languageclient;
    return originalLoad.apply(this, arguments);
  };
  if (label === 'unset') process.env.PATH = `${binDir}${path.delimiter}${originalPath || ''}`;
  let client = null;
  try {
    delete require_cache()[mainPath];
    const ext = createRequire(mainPath)(mainPath);
    check(`[${label}] extension.js exports activate and deactivate`, typeof ext.activate === 'function' && typeof ext.deactivate === 'function',
          Object.keys(ext).join(' '));
    const deps = Object.keys(manifest.dependencies || {});
    const foreign = record.required.filter((r) => !r.startsWith('.') && !r.startsWith('/') && r !== 'vscode' &&
      !builtinModules.includes(r.replace(/^node:/, '')) && !deps.includes(r.startsWith('@') ? r.split('/').slice(0, 2).join('/') : r.split('/')[0]));
    check(`[${label}] extension.js requires only vscode, Node's modules and its dependencies`, foreign.length === 0, foreign.join(' '));

    const context = {
      subscriptions: [], extensionPath: extDir, extensionUri: vscode.Uri.file(extDir), asAbsolutePath: (p) => path.join(extDir, p),
      globalState: { get() {}, update: async () => {} }, workspaceState: { get() {}, update: async () => {} },
      logUri: vscode.Uri.file(path.join(work, 'log')), storageUri: vscode.Uri.file(path.join(work, 'storage')),
    };
    const returned = ext.activate(context);
    check(`[${label}] activate reads the setting archc.path`, record.configurationKeys.includes('archc.path'),
          show({ sections: record.configurationSections, keys: record.configurationKeys }));
    check(`[${label}] activate makes one LanguageClient`, record.clients.length === 1, `${record.clients.length} clients`);
    client = record.clients[0];
    if (!client) return;
    check(`[${label}] the client's id is archc (its archc.trace.server setting sits beside archc.path)`,
          client.id === 'archc' && typeof client.name === 'string' && client.name.length > 0, show({ id: client.id, name: client.name }));
    const so = client.serverOptions || {};
    check(`[${label}] serverOptions.command is ${expectedCommand}`, so.command === expectedCommand, show(so));
    check(`[${label}] serverOptions.args are ['lsp'], over stdio (no transport)`, isDeepStrictEqual(so.args, ['lsp']) && so.transport === undefined, show(so));
    const selector = client.clientOptions && client.clientOptions.documentSelector;
    check(`[${label}] the documentSelector takes the arch language`,
          [].concat(selector || []).some((f) => f === 'arch' || (f && f.language === 'arch' && (f.scheme === undefined || f.scheme === 'file'))) && matches(selector, doc),
          show(selector));
    check(`[${label}] the documentSelector leaves other languages alone`,
          !matches(selector, textDocument(path.join(work, 'notes.txt'), 'plaintext', 'x')) && !matches(selector, textDocument(path.join(work, 'a.json'), 'json', '{}')),
          show(selector));
    check(`[${label}] activate pushes a disposable into context.subscriptions`,
          context.subscriptions.length >= 1 && context.subscriptions.every((d) => d && typeof d.dispose === 'function'), show(context.subscriptions));
    check(`[${label}] activate calls start() once and returns its promise`, client.startCalls === 1 && returned === client.startPromise && !!returned,
          `start() called ${client.startCalls} times; returned ${returned === client.startPromise ? 'its promise' : show(returned)}`);
    // Whatever activate returned, the client goes on starting: on with the session.
    if (!client.startPromise) return;

    let started = false;
    try {
      await withTimeout(client.startPromise, 'start()');
      started = true;
    } catch (e) {
      check(`[${label}] start() spawns the server, which answers initialize`, false, `${e.message}${client.stderr ? '; stderr: ' + client.stderr : ''}`);
    }
    if (!started) return;
    check(`[${label}] start() spawns the server, which answers initialize`, !!client.initializeResult && !!client.initializeResult.capabilities,
          show(client.initializeResult));
    const exe = exeOf(client.process.pid);
    if (exe !== null) check(`[${label}] the server process is the archc binary`, exe === realpathSync(archc), `${exe} vs ${realpathSync(archc)}`);
    check(`[${label}] the server runs in the workspace folder`, client.spawned.cwd === work, show(client.spawned));
    const sync = client.initializeResult.capabilities.textDocumentSync;
    check(`[${label}] the server takes open and close notifications`, typeof sync === 'number' ? sync > 0 : !!(sync && sync.openClose), show(sync));

    try {
      const diags = await client.diagnostics(doc.uri.toString());
      check(`[${label}] the open .arch document gets the ${RULE} diagnostic`,
            diags.some((d) => String(d.code && d.code.value !== undefined ? d.code.value : d.code) === RULE || String(d.message).includes(RULE)), show(diags));
    } catch (e) {
      check(`[${label}] the open .arch document gets the ${RULE} diagnostic`, false, `${e.message}${client.stderr ? '; stderr: ' + client.stderr : ''}`);
    }

    // Deactivation as VS Code does it: deactivate(), then the subscriptions disposed.
    const stopsBefore = client.stopCalls;
    const deactivated = ext.deactivate();
    check(`[${label}] deactivate() calls stop() and returns its promise`, client.stopCalls > stopsBefore && deactivated === client.stopPromise,
          `stop() called ${client.stopCalls - stopsBefore} times; returned ${deactivated === client.stopPromise ? 'its promise' : show(deactivated)}`);
    try {
      await withTimeout(Promise.resolve(deactivated), 'the promise deactivate() returned');
      for (const d of context.subscriptions) await withTimeout(Promise.resolve(d.dispose()), 'disposing the subscriptions');
      await withTimeout(client.exited, 'the server to exit once deactivated and disposed');
      check(`[${label}] stop() sends shutdown and exit; the server ends with status 0`,
            client.shutdownAnswer && client.shutdownAnswer.result === null && client.exitCode === 0,
            show({ shutdown: client.shutdownAnswer, status: client.exitCode, signal: client.exitSignal, stderr: client.stderr }));
    } catch (e) {
      check(`[${label}] stop() sends shutdown and exit; the server ends with status 0`, false, e.message);
    }
    check(`[${label}] no error shown to the user`, record.errors.length === 0, record.errors.join('; '));
  } catch (e) {
    check(`[${label}] the activation finished`, false, e.stack || e.message);
  } finally {
    Module._load = originalLoad;
    process.env.PATH = originalPath;
    if (client && client.process && client.exitCode === undefined) client.process.kill('SIGKILL');
  }
}
function require_cache() { return createRequire(import.meta.url).cache; }

if (mainPath) {
  // archc.path unset: `archc` is found on PATH (a folder holding a symlink to the binary).
  await activation('unset', undefined, 'archc');
  // archc.path set to the binary.
  await activation('set', archc, archc);
} else {
  check('extension.js loads', false, 'no main to load');
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
