// archc serve: the source editor. A plain <textarea> over a <pre> that shows the same text
// coloured by our highlighter, with line numbers beside it: no editor framework. The
// keywords come from the grammar's own list (the server puts it in the page).
(function () {
  'use strict';

  // One pass over the text: comments, strings, numbers, keywords, property keys, operators.
  function highlight(text, keywords) {
    const out = [];
    const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const span = (cls, s) => out.push(`<span class="tok-${cls}">${esc(s)}</span>`);
    let i = 0;
    const n = text.length;
    while (i < n) {
      const c = text[i];
      if (c === '/' && text[i + 1] === '/') {
        let j = text.indexOf('\n', i);
        if (j < 0) j = n;
        span('c', text.slice(i, j));
        i = j;
      } else if (c === '"' || c === "'") {
        let j = i + 1;
        while (j < n && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
        j = Math.min(j + 1, n);
        span('s', text.slice(i, j));
        i = j;
      } else if (/[0-9]/.test(c)) {
        let j = i;
        while (j < n && /[0-9.a-z]/i.test(text[j])) j++;
        span('n', text.slice(i, j));
        i = j;
      } else if (/[A-Za-z_]/.test(c)) {
        let j = i;
        while (j < n && /[A-Za-z0-9_.\-]/.test(text[j])) j++;
        const word = text.slice(i, j);
        let k = j;
        while (k < n && (text[k] === ' ' || text[k] === '\t')) k++;
        if (keywords.has(word)) span('k', word);
        else if (text[k] === ':') span('p', word);
        else out.push(esc(word));
        i = j;
      } else if ((c === '<' && text[i + 1] === '>') || (c === '-' && text[i + 1] === '>')) {
        span('o', text.slice(i, i + 2));
        i += 2;
      } else {
        out.push(esc(c));
        i++;
      }
    }
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

  function create(container, keywordList) {
    const keywords = new Set(keywordList || []);
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
    function render() {
      pending = 0;
      const text = area.value;
      pre.innerHTML = highlight(text, keywords);
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

  window.ArchEditor = { create, highlight, offsetOf };
})();
