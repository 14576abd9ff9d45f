// `archc lsp` driven over a pipe as an editor drives it: initialize, open, change, the
// diagnostics published, hover, definition, completion, a quick fix applied (and the fixed
// file accepted by `archc check`), rename, formatting, symbols (of the file and of the
// workspace), inlay hints, a rule allowed in place, positions in UTF-16, a change to an
// imported file (open, or on disk and watched), a cancelled request, shutdown and exit.
//
//   node tests/lsp/lsp_test.mjs ARCHC_BINARY WORKDIR
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checker, startServer, uriOf } from './client.mjs';

const [archc, workArg] = process.argv.slice(2);
const work = path.resolve(workArg);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const { check, finish } = checker();
const { server, notes, request, notify, diagnostics, exited, frame, sendRaw, answer, newId } = startServer(archc);
const pos = (text, needle, delta = 0) => {
  const i = text.indexOf(needle) + delta;
  const before = text.slice(0, i);
  return { line: before.split('\n').length - 1, character: i - before.lastIndexOf('\n') - 1 };
};
function applyEdits(text, edits) {
  const offset = (p) => { const lines = text.split('\n'); let o = 0; for (let l = 0; l < p.line; l++) o += lines[l].length + 1; return o + p.character; };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

try {
  const init = await request('initialize', { processId: process.pid, rootUri: uriOf(work), capabilities: {} });
  check('initialize names the capabilities', init.result.capabilities.hoverProvider && init.result.capabilities.codeActionProvider &&
        init.result.capabilities.positionEncoding === 'utf-16');
  notify('initialized', {});

  const partsPath = path.join(work, 'parts.arch'), mainPath = path.join(work, 'main.arch');
  const partsText = 'service orders "Orders"\n';
  writeFileSync(partsPath, partsText);
  let mainText = 'import "parts.arch"\nkafka bus "Bus"\nservice shipping "Shipping" { note: "Ships orders" }\nconnect(bus, shipping) "events"\nconnect(orders, bus)\n';
  const mainUri = uriOf(mainPath), partsUri = uriOf(partsPath);
  let from = notes.length;
  notify('textDocument/didOpen', { textDocument: { uri: mainUri, languageId: 'arch', version: 1, text: mainText } });
  let diags = await diagnostics(mainUri, from);
  const reversed = diags.find((d) => d.code === 'consumers-dial-brokers');
  check('didOpen publishes the rule violation, with its code and range', reversed &&
        reversed.range.start.line === 3 && reversed.range.start.character === 0, JSON.stringify(diags));

  // The quick fix, applied as a client applies a WorkspaceEdit.
  const actions = (await request('textDocument/codeAction', { textDocument: { uri: mainUri }, range: reversed.range,
    context: { diagnostics: [reversed] } })).result;
  const fix = actions.find((a) => a.kind === 'quickfix');
  check('the violation has a quick fix', !!fix, JSON.stringify(actions));
  mainText = applyEdits(mainText, fix.edit.changes[mainUri]);
  check('the fix reverses the connection and keeps its label', mainText.includes("connect('shipping', 'bus') \"events\""), mainText);
  from = notes.length;
  notify('textDocument/didChange', { textDocument: { uri: mainUri, version: 2 }, contentChanges: [{ text: mainText }] });
  diags = await diagnostics(mainUri, from);
  check('after the fix, no diagnostic', diags.length === 0, JSON.stringify(diags));
  writeFileSync(mainPath, mainText);
  const checked = spawnSync(archc, ['check', mainPath], { encoding: 'utf8' });
  check('archc check accepts the fixed file', checked.status === 0, checked.stderr);

  // Hover, definition, completion.
  const hover = (await request('textDocument/hover', { textDocument: { uri: mainUri }, position: pos(mainText, "'bus'", 1) })).result;
  check('hover on a node tells its label, kind, description and layers', hover && /\*\*Bus\*\* `kafka`/.test(hover.contents.value) &&
        /Apache Kafka/.test(hover.contents.value) && /layers: main/.test(hover.contents.value), JSON.stringify(hover));
  const def = (await request('textDocument/definition', { textDocument: { uri: mainUri }, position: pos(mainText, "'shipping'", 2) })).result;
  check('definition of a node goes to its declaration', def && def.uri === mainUri && def.range.start.line === 2 && def.range.start.character === 8,
        JSON.stringify(def));
  const defImported = (await request('textDocument/definition', { textDocument: { uri: mainUri }, position: pos(mainText, 'orders, bus', 1) })).result;
  check('definition reaches into an imported file', defImported && defImported.uri === partsUri, JSON.stringify(defImported));
  const typed = mainText + 'connect(shipping, ';
  notify('textDocument/didChange', { textDocument: { uri: mainUri, version: 3 }, contentChanges: [{ text: typed }] });
  const completion = (await request('textDocument/completion', { textDocument: { uri: mainUri }, position: pos(typed, 'connect(shipping, ', 18) })).result;
  const labels = completion.items.map((i) => i.label);
  check('completion inside connect( offers the node ids', ['bus', 'shipping', 'orders'].every((l) => labels.includes(l)), labels.join(' '));
  notify('textDocument/didChange', { textDocument: { uri: mainUri, version: 4 }, contentChanges: [{ text: mainText }] });

  // Rename across the file and the open file it imports.
  from = notes.length;
  notify('textDocument/didOpen', { textDocument: { uri: partsUri, languageId: 'arch', version: 1, text: partsText } });
  await diagnostics(partsUri, from);
  // A file on disk, never opened, that imports main.arch and uses `shipping`.
  const usesPath = path.join(work, 'uses.arch');
  writeFileSync(usesPath, 'import "main.arch"\nservice billing\nconnect(billing, shipping)\n');
  const rename = (await request('textDocument/rename', { textDocument: { uri: mainUri }, position: pos(mainText, 'orders, bus', 1), newName: 'orders-api' })).result;
  check('rename edits the node id in both files', rename && rename.changes[mainUri]?.length === 1 && rename.changes[partsUri]?.length === 1,
        JSON.stringify(rename));
  const renameShipping = (await request('textDocument/rename', { textDocument: { uri: mainUri }, position: pos(mainText, "'shipping'", 2), newName: 'delivery' })).result;
  check('rename reaches an importer on disk that is not open', renameShipping && renameShipping.changes[uriOf(usesPath)]?.length === 1,
        JSON.stringify(renameShipping));

  // The seed's `kafka kafka "Kafka"`: renaming the node leaves its kind, and the file compiles.
  const seedText = readFileSync(fileURLToPath(new URL('../../examples/cloud_platform.arch', import.meta.url)), 'utf8');
  const seedPath = path.join(work, 'seed.arch'), seedUri = uriOf(seedPath);
  writeFileSync(seedPath, seedText);
  from = notes.length;
  notify('textDocument/didOpen', { textDocument: { uri: seedUri, languageId: 'arch', version: 1, text: seedText } });
  await diagnostics(seedUri, from);
  const kafkaRename = (await request('textDocument/rename', { textDocument: { uri: seedUri }, position: pos(seedText, 'kafka "Kafka"'), newName: 'events' })).result;
  const renamedSeed = applyEdits(seedText, kafkaRename?.changes?.[seedUri] ?? []);
  writeFileSync(seedPath, renamedSeed);
  const seedCheck = spawnSync(archc, ['check', seedPath], { encoding: 'utf8' });
  check('renaming the seed\'s kafka keeps the kind and the file compiling', renamedSeed.includes('kafka events "Kafka"') &&
        !renamedSeed.includes('kafka kafka') && seedCheck.status === 0, seedCheck.stderr + JSON.stringify(kafkaRename));
  const kafkaRefs = (await request('textDocument/references', { textDocument: { uri: seedUri }, position: pos(seedText, 'kafka "Kafka"') })).result;
  // Every spelling of `kafka` in the seed but one, the kind of `kafka kafka "Kafka"`.
  const kafkaSpelled = (seedText.match(/\bkafka\b/g) || []).length;
  const kindAt = pos(seedText, 'kafka kafka');
  check('references of the node kafka are its uses, not the kind\'s', kafkaRefs.length === kafkaSpelled - 1 &&
        !kafkaRefs.some((r) => r.range.start.line === kindAt.line && r.range.start.character === kindAt.character),
        `${kafkaRefs.length} of ${kafkaSpelled} spellings`);

  // A kind and a layer renamed from the file that uses them: the closed file that declares
  // them is edited too, and the pair still checks.
  const kindsPath = path.join(work, 'kinds.arch'), appPath = path.join(work, 'app.arch');
  let kindsText = 'kind gateway is proxy "an API gateway"\nlayer base {\n  gateway edge\n}\n';
  let appText = 'import "kinds.arch"\nlayer v2 <> base {\n  gateway gw\n  service api\n  connect(gw, api)\n}\n';
  writeFileSync(kindsPath, kindsText);
  writeFileSync(appPath, appText);
  const appUri = uriOf(appPath), kindsUri = uriOf(kindsPath);
  from = notes.length;
  notify('textDocument/didOpen', { textDocument: { uri: appUri, languageId: 'arch', version: 1, text: appText } });
  await diagnostics(appUri, from);
  const kindRename = (await request('textDocument/rename', { textDocument: { uri: appUri }, position: pos(appText, 'gateway gw'), newName: 'ingress' })).result;
  const layerRename = (await request('textDocument/rename', { textDocument: { uri: appUri }, position: pos(appText, 'base {'), newName: 'core' })).result;
  appText = applyEdits(applyEdits(appText, kindRename?.changes?.[appUri] ?? []), layerRename?.changes?.[appUri] ?? []);
  kindsText = applyEdits(applyEdits(kindsText, kindRename?.changes?.[kindsUri] ?? []), layerRename?.changes?.[kindsUri] ?? []);
  writeFileSync(kindsPath, kindsText);
  writeFileSync(appPath, appText);
  const pairCheck = spawnSync(archc, ['check', appPath], { encoding: 'utf8' });
  check('a kind and a layer renamed across two files (the declaring one closed) still check', pairCheck.status === 0 &&
        kindsText.startsWith('kind ingress') && kindsText.includes('layer core {') && kindsText.includes('ingress edge') &&
        appText.includes('layer v2 <> core {') && appText.includes('ingress gw'), pairCheck.stderr + kindsText + appText);

  // A change to the imported file reaches the importer.
  from = notes.length;
  notify('textDocument/didChange', { textDocument: { uri: partsUri, version: 2 }, contentChanges: [{ text: 'service ordrs "Orders"\n' }] });
  diags = await diagnostics(mainUri, from);
  const unknown = diags.find((d) => d.code === 'unknown-node');
  check('a change to an imported file re-checks the importer', !!unknown, JSON.stringify(diags));
  const suggestion = (await request('textDocument/codeAction', { textDocument: { uri: mainUri }, range: unknown.range, context: { diagnostics: [unknown] } })).result;
  check('an unknown node offers its did-you-mean as a quick fix', suggestion.some((a) => a.edit.changes[mainUri][0].newText === 'ordrs'), JSON.stringify(suggestion));

  // Positions in UTF-16 code units: an error after non-ASCII text on its line.
  const wideUri = uriOf(path.join(work, 'wide.arch'));
  const wideText = 'service a "日本 😀 ü"; connect(a, zz)\n';
  from = notes.length;
  notify('textDocument/didOpen', { textDocument: { uri: wideUri, languageId: 'arch', version: 1, text: wideText } });
  diags = await diagnostics(wideUri, from);
  check('ranges count UTF-16 code units', diags.length === 1 && diags[0].range.start.character === wideText.indexOf('zz'),
        `${JSON.stringify(diags)} vs ${wideText.indexOf('zz')}`);

  // Formatting and symbols.
  const messyUri = uriOf(path.join(work, 'messy.arch'));
  const messy = 'service  a\nconnect( a ,b )\nservice b\n';
  notify('textDocument/didOpen', { textDocument: { uri: messyUri, languageId: 'arch', version: 1, text: messy } });
  const formatting = (await request('textDocument/formatting', { textDocument: { uri: messyUri }, options: { tabSize: 2, insertSpaces: true } })).result;
  check('formatting gives archc fmt\'s text', applyEdits(messy, formatting) === 'service a\nconnect(a, b)\nservice b\n', JSON.stringify(formatting));
  const symbols = (await request('textDocument/documentSymbol', { textDocument: { uri: mainUri } })).result;
  check('document symbols list the nodes', ['bus', 'shipping'].every((n) => symbols.some((s) => s.name === n)), JSON.stringify(symbols));

  // Semantic tokens: decode the relative encoding and look at a few.
  const legend = init.result.capabilities.semanticTokensProvider.legend.tokenTypes;
  const semResponse = await request('textDocument/semanticTokens/full', { textDocument: { uri: mainUri } });
  if (!semResponse.result) throw new Error('semanticTokens: ' + JSON.stringify(semResponse.error));
  const sem = semResponse.result.data;
  const decoded = [];
  for (let i = 0, line = 0, ch = 0; i < sem.length; i += 5) {
    line += sem[i];
    ch = sem[i] === 0 ? ch + sem[i + 1] : sem[i + 1];
    decoded.push({ text: mainText.split('\n')[line].substr(ch, sem[i + 2]), type: legend[sem[i + 3]] });
  }
  const typeOf = (text) => (decoded.find((x) => x.text === text) || {}).type;
  check('semantic tokens: keywords, kinds, node ids, strings, properties', typeOf('import') === 'keyword' && typeOf('kafka') === 'type' &&
        typeOf('bus') === 'variable' && typeOf('"Bus"') === 'string' && typeOf('note') === 'property', JSON.stringify(decoded.slice(0, 12)));

  // Inlay hints: the seed's connections whose data flow the roles derive.
  const seedLines = seedText.split('\n').length;
  const hints = (await request('textDocument/inlayHint', { textDocument: { uri: seedUri }, range: { start: { line: 0, character: 0 }, end: { line: seedLines, character: 0 } } })).result;
  const flinkKafka = pos(seedText, 'connect(flink, kafka)');
  check('inlay hints show the derived flow (connect(flink, kafka) reads: backward)', Array.isArray(hints) &&
        hints.some((h) => h.label === 'flow: backward' && h.position.line === flinkKafka.line), JSON.stringify(hints?.slice(0, 4)));

  // Workspace symbols: declarations of the files under the workspace folder.
  const wsSymbols = (await request('workspace/symbol', { query: 'shipp' })).result;
  check('workspace symbols find a node by part of its name', Array.isArray(wsSymbols) && wsSymbols.some((s) => s.name === 'shipping'),
        JSON.stringify(wsSymbols));

  // A rule's finding allowed in place, by a code action.
  const promUri = uriOf(path.join(work, 'prom.arch'));
  const promText = 'prometheus prom\nservice app\nconnect(app, prom) "remote write"\n';
  from = notes.length;
  notify('textDocument/didOpen', { textDocument: { uri: promUri, languageId: 'arch', version: 1, text: promText } });
  const promDiags = await diagnostics(promUri, from);
  const pull = promDiags.find((d) => d.code === 'prometheus-pulls');
  const allow = pull && (await request('textDocument/codeAction', { textDocument: { uri: promUri }, range: pull.range, context: { diagnostics: [pull] } })).result
    .find((a) => a.title === 'Allow `prometheus-pulls` here');
  const allowed = allow ? applyEdits(promText, allow.edit.changes[promUri]) : '';
  from = notes.length;
  notify('textDocument/didChange', { textDocument: { uri: promUri, version: 2 }, contentChanges: [{ text: allowed }] });
  const afterAllow = await diagnostics(promUri, from);
  check('a rule\'s finding can be allowed in place, and then it is gone', allowed.includes('{ allow: [prometheus-pulls] }') && afterAllow.length === 0,
        allowed + JSON.stringify(afterAllow));

  // A file changed on disk (not open) re-checks the open file that imports it.
  writeFileSync(path.join(work, 'disk_b.arch'), 'service b\n');
  const diskAUri = uriOf(path.join(work, 'disk_a.arch'));
  from = notes.length;
  notify('textDocument/didOpen', { textDocument: { uri: diskAUri, languageId: 'arch', version: 1, text: 'import "disk_b.arch"\nservice a\nconnect(a, b)\n' } });
  const diskBefore = await diagnostics(diskAUri, from);
  writeFileSync(path.join(work, 'disk_b.arch'), 'service c\n');
  from = notes.length;
  notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(work, 'disk_b.arch')), type: 2 }] });
  const diskAfter = await diagnostics(diskAUri, from);
  check('a watched file changed on disk re-checks its importers', diskBefore.length === 0 && diskAfter.some((d) => d.code === 'unknown-node'),
        JSON.stringify([diskBefore, diskAfter]));

  // A request cancelled while the server compiles a large file is answered as cancelled.
  let big = '';
  for (let i = 0; i < 3000; i++) big += `service s${i}\n`;
  for (let i = 1; i < 3000; i++) big += `connect(s${i - 1}, s${i})\n`;
  const bigUri = uriOf(path.join(work, 'big.arch'));
  from = notes.length;
  notify('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'arch', version: 1, text: big } });
  await diagnostics(bigUri, from, 60000);
  const at = { textDocument: { uri: bigUri }, position: { line: 0, character: 9 } };
  const [first, second] = [newId(), newId()];
  const answers = [answer(first, 60000), answer(second, 60000)];
  await sendRaw(Buffer.concat([
    frame({ method: 'textDocument/didChange', params: { textDocument: { uri: bigUri, version: 2 }, contentChanges: [{ text: big + 'service z\n' }] } }),
    frame({ id: first, method: 'textDocument/hover', params: at }),
    frame({ id: second, method: 'textDocument/hover', params: at }),
    frame({ method: '$/cancelRequest', params: { id: second } })]));
  const [firstAnswer, secondAnswer] = await Promise.all(answers);
  check('a request cancelled while it waits is answered with RequestCancelled', !!firstAnswer.result && secondAnswer.error?.code === -32800,
        JSON.stringify([firstAnswer, secondAnswer]));

  const bad = await request('textDocument/hover', { textDocument: { uri: mainUri } });
  check('a malformed request gets InvalidParams in our words, and the server carries on', bad.error?.code === -32602 &&
        bad.error.message === 'invalid params of `textDocument/hover`: `position` is missing', JSON.stringify(bad));
  const unknownMethod = await request('workspace/nothing', {});
  check('an unknown method gets MethodNotFound', unknownMethod.error && unknownMethod.error.code === -32601);

  const shutdown = await request('shutdown', null);
  check('shutdown answers', shutdown.result === null);
  notify('exit', null);
  const code = await exited;
  check('exit after shutdown ends with status 0', code === 0, `status ${code}`);
} catch (e) {
  check('the session finished', false, e.message);
  server.kill();
}
finish();
