// archc serve: the source editor. A plain <textarea> over a <pre> that shows the same text
// coloured with the server's tokens (archc's own lexer, POST /api/tokens), with line numbers
// beside it: no editor framework, and no second reading of the language here.
(function () {
  'use strict';

  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  // The text as HTML, coloured by `tokens` ((class, UTF-16 length) pairs from the server)
  // where they are known: [0, knownEnd) from the start and the last `tail` units, the
  // middle (what changed since the tokens were read) plain until new ones arrive.
  function paint(text, tokens, knownEnd, tail) {
    const out = [];
    const n = text.length;
    const tailStart = n - tail;
    let at = 0;
    const put = (cls, s) => out.push(cls ? `<span class="tok-${cls}">${esc(s)}</span>` : esc(s));
    for (let i = 0; i + 1 < tokens.length && at < knownEnd; i += 2) {
      const len = tokens[i + 1];
      if (at + len > knownEnd) break;
      put(tokens[i], text.slice(at, at + len));
      at += len;
    }
    // The tail: the old tokens that ended the old text, counted from the end.
    const after = [];
    let end = n;
    for (let i = tokens.length - 2; i >= 0 && tail > 0; i -= 2) {
      const len = tokens[i + 1];
      if (end - len < Math.max(tailStart, at)) break;
      after.push([tokens[i], text.slice(end - len, end)]);
      end -= len;
    }
    out.push(esc(text.slice(at, end)));
    for (let i = after.length - 1; i >= 0; i--) put(after[i][0], after[i][1]);
    // A final newline needs a line after it, or the <pre> is one line short of the textarea.
    return out.join('') + '\n';
  }

  // The offset (in UTF-16 units, as the textarea counts) of a 1-based line and column (in
  // characters, as archc's diagnostics count).
  function offsetOf(text, line, column) {
    let at = 0;
    for (let l = 1; l < line; l++) {
      const next = text.indexOf('\n', at);
      if (next < 0) return text.length;
      at = next + 1;
    }
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const chars = Array.from(text.slice(at, end)).slice(0, Math.max(column - 1, 0));
    return at + chars.join('').length;
  }

  // `tokenize(text)` resolves to the text's tokens (the server's answer), or null.
  function create(container, tokenize) {
    container.innerHTML = '';
    const gutter = document.createElement('div');
    gutter.className = 'gutter';
    gutter.setAttribute('aria-hidden', 'true');
    const code = document.createElement('div');
    code.className = 'code';
    const pre = document.createElement('pre');
    pre.setAttribute('aria-hidden', 'true');
    const area = document.createElement('textarea');
    area.spellcheck = false;
    area.setAttribute('aria-label', 'Source');
    area.setAttribute('autocapitalize', 'off');
    area.setAttribute('autocomplete', 'off');
    area.wrap = 'off';
    code.append(pre, area);
    container.append(gutter, code);

    const listeners = [];
    let pending = 0;
    // The tokens last read and the text they were read from; a newer request wins.
    let tokens = [], tokensText = '', asked = 0;
    function retokenize() {
      const text = area.value, ticket = ++asked;
      if (!tokenize) return;
      Promise.resolve(tokenize(text)).then((t) => {
        if (ticket !== asked || !Array.isArray(t) || area.value !== text) return;
        tokens = t;
        tokensText = text;
        paintNow();
      }, () => {});
    }
    function paintNow() {
      const text = area.value;
      // What is unchanged since the tokens were read: a common start and a common end.
      let head = 0;
      const old = tokensText;
      while (head < text.length && head < old.length && text[head] === old[head]) head++;
      let tail = 0;
      while (tail < text.length - head && tail < old.length - head &&
             text[text.length - 1 - tail] === old[old.length - 1 - tail]) tail++;
      pre.innerHTML = text === old ? paint(text, tokens, text.length, 0) : paint(text, tokens, head, tail);
    }
    function render() {
      pending = 0;
      const text = area.value;
      paintNow();
      if (text !== tokensText) retokenize();
      const lines = text.split('\n').length;
      let numbers = '';
      for (let l = 1; l <= lines; l++) numbers += l + '\n';
      gutter.textContent = numbers;
      sync();
    }
    function sync() {
      pre.scrollTop = area.scrollTop;
      pre.scrollLeft = area.scrollLeft;
      gutter.scrollTop = area.scrollTop;
    }
    area.addEventListener('input', () => {
      if (!pending) pending = requestAnimationFrame(render);
      for (const f of listeners) f();
    });
    area.addEventListener('scroll', sync);
    // Tab indents by two spaces (the formatter's indent) instead of leaving the editor.
    area.addEventListener('keydown', (e) => {
      if (e.key === 'Tab' && !e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey && !area.readOnly) {
        e.preventDefault();
        document.execCommand('insertText', false, '  ');
      }
    });

    return {
      textarea: area,
      getText: () => area.value,
      setText(text) {
        area.value = text;
        area.scrollTop = 0;
        area.scrollLeft = 0;
        render();
      },
      setReadOnly(on) { area.readOnly = on; },
      onChange(f) { listeners.push(f); },
      // Puts the caret at a 1-based line and column and brings it into view.
      moveCaret(line, column) {
        const at = offsetOf(area.value, line, column);
        area.focus();
        area.setSelectionRange(at, at);
        const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 19;
        const top = (line - 1) * lineHeight;
        if (top < area.scrollTop || top > area.scrollTop + area.clientHeight - 2 * lineHeight) {
          area.scrollTop = Math.max(top - area.clientHeight / 3, 0);
        }
        sync();
      },
      caret() {
        const before = area.value.slice(0, area.selectionStart);
        const line = before.split('\n').length;
        const column = Array.from(before.slice(before.lastIndexOf('\n') + 1)).length + 1;
        return { line, column };
      },
    };
  }

  window.ArchEditor = { create, paint, offsetOf };
})();
