// The TextMate grammar (grammar/arch.tmLanguage.json) as VS Code runs it: npm vscode-textmate
// with the Oniguruma regular expressions of vscode-oniguruma. Tokenises every example and
// stdlib module and a file of every construct, and checks the scopes of keywords, strings,
// comments, names, property keys and numbers; and that the grammar's keywords are the
// compiler's (compiler/syntax/keywords.hpp).
//
//   node tests/browser/grammar_test.mjs REPO_DIR
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { check, finish } from './harness.mjs';

const require = createRequire(import.meta.url);
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');
const repo = path.resolve(process.argv[2] || '.');


const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
await oniguruma.loadWASM(wasm);
const registry = new vsctm.Registry({
  onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
  loadGrammar: async () => vsctm.parseRawGrammar(readFileSync(path.join(repo, 'grammar/arch.tmLanguage.json'), 'utf8'), 'arch.tmLanguage.json'),
});
const grammar = await registry.loadGrammar('source.arch');

// Every token of a text: {text, scopes, line}.
function tokens(text) {
  const out = [];
  let state = vsctm.INITIAL;
  text.split('\n').forEach((line, n) => {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) out.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes, line: n });
    state = r.ruleStack;
  });
  return out;
}
const scopeOf = (t) => t.scopes[t.scopes.length - 1];

// The keywords: one list, the compiler's.
const header = readFileSync(path.join(repo, 'compiler/syntax/keywords.hpp'), 'utf8');
const compilerKeywords = [...header.match(/kKeywords\{([^}]*)\}/)[1].matchAll(/"([a-z]+)"/g)].map((m) => m[1]).sort();
const raw = JSON.parse(readFileSync(path.join(repo, 'grammar/arch.tmLanguage.json'), 'utf8'));
const grammarKeywords = raw.repository.keywords.patterns[0].match.match(/\(\?:([a-z|]+)\)/)[1].split('|').sort();
check('the grammar\'s keywords are the compiler\'s', JSON.stringify(grammarKeywords) === JSON.stringify(compilerKeywords),
      `${grammarKeywords} vs ${compilerKeywords}`);

// One file of every construct, with the scope each token must get.
const sample = [
  'import std.streaming // a comment',
  'title "Orders \\u{1F600}"',
  'kind cache is database "A cache" { icon: box }',
  'layer v2 <> v1 "Two" {',
  '  kafka pg-primary "Kafka" { stream: true, duration: 1.5s }',
  "  connect('debezium', pg-primary) \"CDC\"",
  '  remove connect(a, b)',
  '}',
  '/* block',
  '   comment */',
  'rule r { forbid connect(*, !broker) }',
  'rule t { require connect(*, each function) or connect(each !x, each) }',
  'rule p { forbid connect(service, ![proxy, client]) both ways }',
].join('\n');
const expect = [
  ['import', 'keyword.control.arch'], ['std', 'keyword.other.arch'], ['// a comment', 'comment.line.double-slash.arch'],
  ['title', 'keyword.control.arch'], ['\\u{1F600}', 'constant.character.escape.arch'],
  ['kind', 'keyword.control.arch'], ['is', 'keyword.other.arch'], ['icon', 'support.type.property-name.arch'],
  ['layer', 'keyword.control.arch'], ['<>', 'keyword.operator.extends.arch'], ['v1', 'variable.other.arch'],
  ['pg-primary', 'variable.other.arch'], ['true', 'constant.language.boolean.arch'], ['1.5s', 'constant.numeric.duration.arch'],
  ['connect', 'keyword.control.arch'], ["'debezium'", 'variable.other.quoted.arch'], ['"', 'string.quoted.double.arch'],
  ['remove', 'keyword.control.arch'], ['   comment */', 'comment.block.arch'], ['forbid', 'keyword.control.arch'],
  ['*', 'keyword.operator.pattern.arch'], ['broker', 'variable.other.arch'],
  ['each', 'keyword.other.arch'], ['or', 'keyword.other.arch'], ['function', 'variable.other.arch'],
  [' both ways', 'keyword.other.arch'], ['client', 'variable.other.arch'],
];
// `each` alone is a name (the last one of the require line), `each x` the mark.
{
  const line = tokens('rule t { require connect(each !x, each) or connect(a, b) }');
  const eaches = line.filter((t) => t.text.trim() === 'each').map(scopeOf);
  check('`each` before a pattern is the mark, `each` alone a name',
        JSON.stringify(eaches) === JSON.stringify(['keyword.other.arch', 'variable.other.arch']), JSON.stringify(eaches));
  const or = line.find((t) => t.text.trim() === 'or');
  check('`or` before connect is a keyword', or && scopeOf(or) === 'keyword.other.arch', JSON.stringify(or && or.scopes));
}
const got = tokens(sample);
for (const [text, scope] of expect) {
  const t = got.find((x) => (x.text === text || x.text.trim() === text.trim()) && x.scopes.includes(scope)) ||
            got.find((x) => text.includes(x.text.trim()) && x.text.trim().length > 3 && x.scopes.includes(scope));
  check(`\`${text}\` is ${scope}`, !!t, JSON.stringify(got.filter((x) => x.text === text).map((x) => x.scopes)));
}

// Every example and stdlib module: keywords, strings, comments and names where they belong.
const files = [...readdirSync(path.join(repo, 'examples')).map((f) => path.join(repo, 'examples', f)),
  ...readdirSync(path.join(repo, 'stdlib')).map((f) => path.join(repo, 'stdlib', f))].filter((f) => f.endsWith('.arch'));
const keywords = new Set(compilerKeywords);
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const problems = [];
  for (const t of tokens(text)) {
    const scope = scopeOf(t);
    const inString = t.scopes.some((s) => s.startsWith('string.') || s.startsWith('comment.'));
    const word = t.text.trim();
    if (!inString && keywords.has(word) && !scope.startsWith('keyword.') && !scope.startsWith('support.type.property-name')) {
      problems.push(`${t.line + 1}: keyword ${word} as ${scope}`);
    }
    if (/^\/\//.test(word) && !scope.startsWith('comment.')) problems.push(`${t.line + 1}: comment as ${scope}`);
    if (/^"[^"]*"$/.test(word) && !t.scopes.some((s) => s.startsWith('string.'))) problems.push(`${t.line + 1}: string as ${scope}`);
    if (scope === 'source.arch' && /[A-Za-z0-9]/.test(t.text)) problems.push(`${t.line + 1}: \`${t.text}\` has no scope`);
  }
  check(`${path.relative(repo, file)}: every token in its scope`, problems.length === 0, problems.slice(0, 5).join('; '));
}
finish();
