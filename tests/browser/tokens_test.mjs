// One reading of the language: the TextMate grammar (as VS Code runs it) and archc's lexer
// (syntax::lex, dumped by archc_lex_dump) give every keyword, string, comment and number of
// every file the same class. Serve's editor is coloured by the lexer itself (POST /api/tokens).
//
//   node tests/browser/tokens_test.mjs REPO_DIR LEX_DUMP FILE...
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { check, finish } from './harness.mjs';

const require = createRequire(import.meta.url);
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');
const [repoArg, lexDump, ...files] = process.argv.slice(2);
const repo = path.resolve(repoArg);

await oniguruma.loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
const registry = new vsctm.Registry({
  onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
  loadGrammar: async () => vsctm.parseRawGrammar(readFileSync(path.join(repo, 'grammar/arch.tmLanguage.json'), 'utf8'), 'arch.tmLanguage.json'),
});
const grammar = await registry.loadGrammar('source.arch');

// The TextMate scope of each UTF-16 unit of a text (its innermost scopes, joined).
function scopesOf(text) {
  const out = new Array(text.length).fill('');
  let state = vsctm.INITIAL, at = 0;
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) for (let i = t.startIndex; i < t.endIndex; i++) out[at + i] = t.scopes.join(' ');
    state = r.ruleStack;
    at += line.length + 1;
  }
  return out;
}

// What a lexer class must be to TextMate.
const wanted = {
  keyword: (s) => / keyword\.| support\.type\.property-name| storage\./.test(' ' + s),
  string: (s) => / string\./.test(' ' + s),
  comment: (s) => / comment\./.test(' ' + s),
  number: (s) => / constant\.numeric/.test(' ' + s),
  duration: (s) => / constant\.numeric/.test(' ' + s),
};

const dumps = execFileSync(lexDump, files, { encoding: 'utf8', maxBuffer: 1 << 28 }).trim().split('\n').map((l) => JSON.parse(l));
let compared = 0;
for (const { file, tokens } of dumps) {
  const bytes = readFileSync(file);
  const text = bytes.toString('utf8');
  const scopes = scopesOf(text);
  // Byte offsets to UTF-16 offsets, token by token (they come in order).
  let byte = 0, unit = 0;
  const toUnit = (b) => { unit += bytes.subarray(byte, b).toString('utf8').length; byte = b; return unit; };
  // Lines the lexer could not read (an unterminated string, a stray byte) are recovery's
  // business, not the grammar's: they are not compared.
  const badLines = new Set();
  for (const [cls, b] of tokens) if (cls === 'error') badLines.add(bytes.subarray(0, b).toString('utf8').split('\n').length);
  const problems = [];
  for (const [cls, b, e] of tokens) {
    const begin = toUnit(b), end = toUnit(e);
    const line = text.slice(0, begin).split('\n').length;
    if (badLines.has(line)) continue;
    const shown = `${line}: ${cls} \`${text.slice(begin, Math.min(end, begin + 30))}\``;
    if (wanted[cls]) {
      // Every unit of the token (a comment's or string's line ends aside) in the wanted scope.
      for (let i = begin; i < end; i++) {
        if (text[i] === '\n' || text[i] === '\r') continue;
        if (!wanted[cls](scopes[i])) { problems.push(`${shown} is ${scopes[i]}`); break; }
      }
      compared++;
    } else if (cls === 'name' || cls === 'punct' || cls === 'operator' || cls === 'quoted-name') {
      // Not inside a string or a comment to TextMate.
      if (/ (string|comment)\./.test(' ' + scopes[begin]) && cls !== 'quoted-name') problems.push(`${shown} is ${scopes[begin]}`);
      compared++;
    }
  }
  check(`${path.relative(repo, file)}: the grammar reads the lexer's tokens`, problems.length === 0, problems.slice(0, 4).join('; '));
}
check('tokens were compared', compared > 10000, String(compared));
finish();
