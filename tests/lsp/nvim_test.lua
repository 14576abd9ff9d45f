-- `archc lsp` driven by Neovim's own built-in LSP client (vim.lsp.start_client, as in
-- Debian 12's Neovim 0.7.2), headless, as an editor user would: open a scratch copy of the
-- seed, get its diagnostics, rename the node `kafka` to `events` and save (the file still
-- passes `archc check`), the new name's references and hover, then stop the server.
--
-- Run by tests/lsp/nvim_test.sh, which passes ARCHC, SEED and WORK in the environment.
-- Prints `ok - …` or `not ok - …` per check; quits with status 0 when every check passed,
-- 1 otherwise (a Lua error included). Every wait has a time limit.

local api = vim.api
local archc, seed, work = os.getenv('ARCHC'), os.getenv('SEED'), os.getenv('WORK')
-- Each wait gives up after 20 s, and all of them together after 90 s (ctest's limit is 120 s).
local WAIT_MS, deadline = 20000, vim.loop.hrtime() / 1e6 + 90000
local function wait_ms() return math.max(0, math.min(WAIT_MS, deadline - vim.loop.hrtime() / 1e6)) end

local passed, failed = 0, 0
local function say(text)
  io.stdout:write(text .. '\n')
  io.stdout:flush()
end
local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    say('ok - ' .. name)
  else
    failed = failed + 1
    say('not ok - ' .. name .. (detail and detail ~= '' and (': ' .. tostring(detail)) or ''))
  end
  return ok
end
local function inspect(value) return vim.inspect(value, { newline = ' ', indent = '' }) end

-- What the client saw, filled by the handlers below.
local seen = { published = {}, registrations = {}, logs = {}, init_params = nil, exit = nil }

-- The text of a line without its strings and comments: what is left are ids and kinds.
local function code_of(line)
  return (line:gsub('"[^"]*"', '""'):gsub('//.*$', ''))
end
-- How many times `word` appears as a whole id (ids hold letters, digits, `_` and `-`).
local function count_word(lines, word)
  local n = 0
  for _, line in ipairs(lines) do
    for _ in code_of(line):gmatch('%f[%w_%-]' .. vim.pesc(word) .. '%f[^%w_%-]') do n = n + 1 end
  end
  return n
end
-- The endpoints of every `connect(a, b)` of the buffer, quotes stripped.
local function connect_endpoints(lines)
  local out = {}
  for lnum, line in ipairs(lines) do
    for args in code_of(line):gmatch('connect%(([^)]*)%)') do
      for id in args:gmatch('[^,]+') do
        table.insert(out, { lnum = lnum, id = vim.trim(id):gsub("^'(.*)'$", '%1') })
      end
    end
  end
  return out
end
local function count_endpoints(lines, id)
  local n = 0
  for _, e in ipairs(connect_endpoints(lines)) do if e.id == id then n = n + 1 end end
  return n
end
-- The first line (1-based) matching `pattern`, and the 0-based byte column of capture 1's start.
local function find_line(buf, pattern)
  for lnum, line in ipairs(api.nvim_buf_get_lines(buf, 0, -1, true)) do
    local col = line:match(pattern)
    if col then return lnum, col - 1 end
  end
end

local client
local function main()
  assert(archc and seed and work, 'ARCHC, SEED and WORK must be set (run tests/lsp/nvim_test.sh)')
  vim.lsp.set_log_level('debug')  -- into $XDG_CACHE_HOME/nvim/lsp.log, under WORK
  local project = work .. '/project'
  vim.fn.delete(project, 'rf')
  vim.fn.mkdir(project, 'p')
  local file = project .. '/cloud_platform.arch'
  assert(vim.fn.writefile(vim.fn.readfile(seed, 'b'), file, 'b') == 0, 'cannot copy ' .. seed .. ' to ' .. file)

  -- 1. Open the copy, start the client on the scratch folder, attach it to the buffer.
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'arch'  -- what the client sends as the languageId (no ftdetect under -u NONE)
  local defaults = vim.lsp.handlers
  local client_id = vim.lsp.start_client({
    name = 'archc',
    cmd = { archc, 'lsp' },
    root_dir = project,
    before_init = function(params) seen.init_params = params end,
    on_exit = function(code, signal) seen.exit = { code = code, signal = signal } end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        table.insert(seen.published, result)
        return defaults['textDocument/publishDiagnostics'](err, result, ctx, config)
      end,
      ['client/registerCapability'] = function(err, result, ctx, config)
        table.insert(seen.registrations, result)
        return defaults['client/registerCapability'](err, result, ctx, config)
      end,
      ['window/logMessage'] = function(err, result, ctx, config)
        table.insert(seen.logs, result)
        return defaults['window/logMessage'](err, result, ctx, config)
      end,
    },
  })
  assert(client_id, 'vim.lsp.start_client gave no client id')
  client = vim.lsp.get_client_by_id(client_id)
  assert(vim.lsp.buf_attach_client(buf, client_id), 'vim.lsp.buf_attach_client failed')

  vim.wait(wait_ms(), function() return client.initialized or seen.exit ~= nil end, 20)
  if not check('the client initializes archc lsp', client.initialized,
               seen.exit and ('archc lsp exited: ' .. inspect(seen.exit)) or 'no initialize answer in time') then
    return
  end
  local caps = seen.init_params.capabilities
  say(string.format('# Neovim %s: offset_encoding %s; advertises workspace.didChangeWatchedFiles %s, general.positionEncodings %s',
    tostring(vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch), tostring(client.offset_encoding),
    inspect(caps.workspace and caps.workspace.didChangeWatchedFiles), inspect(caps.general and caps.general.positionEncodings)))
  say('# archc answers positionEncoding ' .. inspect(client.server_capabilities.positionEncoding))

  local function published_for_buf(from)
    for i = from + 1, #seen.published do
      local p = seen.published[i]
      if vim.uri_to_fname(p.uri) == api.nvim_buf_get_name(buf) then return p end
    end
  end
  local errors_of = function(p)
    local out = {}
    for _, d in ipairs(p.diagnostics) do if d.severity == 1 then table.insert(out, d.message) end end
    return out
  end
  local first
  vim.wait(wait_ms(), function() first = published_for_buf(0); return first ~= nil end, 20)
  check('didOpen: textDocument/publishDiagnostics for the buffer', first ~= nil,
        'none in time; published: ' .. inspect(vim.tbl_map(function(p) return p.uri end, seen.published)))
  if first then
    check('the seed has no error', #errors_of(first) == 0, inspect(errors_of(first)))
  end

  -- 2. Rename the node `kafka` (not the kind) with the cursor on the id of `kafka kafka "Kafka"`.
  local before = api.nvim_buf_get_lines(buf, 0, -1, true)
  local kafka_uses = count_endpoints(before, 'kafka')
  check('the seed connects the node kafka', kafka_uses > 0, 'no connect( with kafka as an endpoint')
  local lnum, col = find_line(buf, '^%s*kafka ()kafka "Kafka"')
  if not check('the seed declares `kafka kafka "Kafka"`', lnum ~= nil) then return end
  api.nvim_win_set_cursor(0, { lnum, col })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  -- vim.lsp.buf.rename() asks first (the client advertises prepareSupport): the id's range.
  local prepared = client.request_sync('textDocument/prepareRename', params, wait_ms(), buf)
  local range = prepared and prepared.result and (prepared.result.range or prepared.result)
  check('textDocument/prepareRename gives the range of the node id, not of the kind',
        range and range.start and range.start.line == lnum - 1 and range.start.character == col
          and range['end'].character == col + #'kafka',
        inspect(prepared))
  params.newName = 'events'
  local renamed, why = client.request_sync('textDocument/rename', params, wait_ms(), buf)
  if not check('textDocument/rename answers with a workspace edit', renamed and not renamed.err and renamed.result,
               renamed and inspect(renamed.err) or why) then
    return
  end
  local published_before_edit = #seen.published
  vim.lsp.util.apply_workspace_edit(renamed.result, client.offset_encoding)
  local after = api.nvim_buf_get_lines(buf, 0, -1, true)
  check('the declaration reads `kafka events "Kafka"` (the kind untouched)', after[lnum]:match('^%s*kafka events "Kafka"') ~= nil,
        'line ' .. lnum .. ' reads ' .. inspect(after[lnum]))
  local stale = {}
  for _, e in ipairs(connect_endpoints(after)) do
    if e.id == 'kafka' then table.insert(stale, e.lnum .. ': ' .. vim.trim(after[e.lnum])) end
  end
  check('no connect( still has kafka as an endpoint', #stale == 0, table.concat(stale, ' | '))
  check('every connection of kafka now names events', count_endpoints(after, 'events') == kafka_uses,
        string.format('%d connect( endpoints events, %d kafka before', count_endpoints(after, 'events'), kafka_uses))
  check('the only `kafka` left outside strings is the kind', count_word(after, 'kafka') == 1,
        string.format('%d left (%d before)', count_word(after, 'kafka'), count_word(before, 'kafka')))
  check('nothing else changed: as many lines as before', #after == #before, #before .. ' then ' .. #after)

  -- The edited buffer reaches the server (didChange): diagnostics again, with no error.
  local again
  vim.wait(wait_ms(), function() again = published_for_buf(published_before_edit); return again ~= nil end, 20)
  check('after the rename (didChange) the buffer is published again, with no error', again ~= nil and #errors_of(again) == 0,
        again and inspect(errors_of(again)) or 'no diagnostics in time')

  vim.cmd('silent write')
  check(':w writes the renamed buffer', not vim.bo[buf].modified and vim.fn.readfile(file)[lnum] == after[lnum])
  local output = vim.fn.system({ archc, 'check', file })
  check('archc check accepts the saved file (exit status 0)', vim.v.shell_error == 0,
        'exit status ' .. vim.v.shell_error .. ': ' .. output)

  -- 3. References and hover on the renamed node, as the server now knows the buffer.
  lnum, col = find_line(buf, '^%s*kafka ()events "Kafka"')
  if not check('the renamed declaration is found for the cursor', lnum ~= nil) then return end
  api.nvim_win_set_cursor(0, { lnum, col })
  local refs_params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  refs_params.context = { includeDeclaration = true }
  local refs = client.request_sync('textDocument/references', refs_params, wait_ms(), buf)
  local locations = refs and refs.result or {}
  local expected = count_word(after, 'events')
  check(string.format('references of events: %d locations (more than 2), one per use', #locations),
        #locations > 2 and #locations == expected,
        string.format('%d locations, %d uses in the buffer: %s', #locations, expected, inspect(refs)))
  local wrong = {}
  for _, loc in ipairs(locations) do
    local line = api.nvim_buf_get_lines(buf, loc.range.start.line, loc.range.start.line + 1, false)[1] or ''
    local s = vim.str_byteindex(line, loc.range.start.character, true)
    local e = vim.str_byteindex(line, loc.range['end'].character, true)
    local text = line:sub(s + 1, e)
    if vim.uri_to_fname(loc.uri) ~= api.nvim_buf_get_name(buf) or text ~= 'events' then
      table.insert(wrong, inspect(loc) .. ' reads ' .. inspect(text))
    end
  end
  check('every reference is in the buffer and reads `events`', #locations > 0 and #wrong == 0, table.concat(wrong, ' | '))

  local hover = client.request_sync('textDocument/hover', vim.lsp.util.make_position_params(0, client.offset_encoding), wait_ms(), buf)
  local contents = hover and hover.result and hover.result.contents
  check('hover on events is markdown naming its kind, `kafka`',
        type(contents) == 'table' and contents.kind == 'markdown' and contents.value:find('`kafka`', 1, true) ~= nil,
        inspect(hover))
  if type(contents) == 'table' then
    local shown = vim.lsp.util.trim_empty_lines(vim.lsp.util.convert_input_to_markdown_lines(contents))
    check('the hover renders to lines in the float', #shown > 0 and table.concat(shown, '\n'):find('Kafka', 1, true) ~= nil,
          inspect(shown))
  end

  -- What the server asked of, and told, the client.
  local can_watch = caps.workspace and caps.workspace.didChangeWatchedFiles
      and caps.workspace.didChangeWatchedFiles.dynamicRegistration
  check(can_watch and 'the server asks to watch *.arch (the client can)' or
        'the server asks for no file watching (this client cannot watch files)',
        can_watch and #seen.registrations == 1 or (not can_watch and #seen.registrations == 0), inspect(seen.registrations))
  local logged_errors = vim.tbl_filter(function(m) return m.type == 1 end, seen.logs)
  check('the server logs no error', #logged_errors == 0, inspect(logged_errors))

  -- 4. Stop: shutdown, exit, and archc lsp ends with status 0.
  client.stop()
  vim.wait(wait_ms(), function() return seen.exit ~= nil end, 20)
  check('client.stop(): archc lsp exits with status 0', seen.exit and seen.exit.code == 0 and seen.exit.signal == 0,
        seen.exit and inspect(seen.exit) or 'still running')
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  check('the session ran to its end', false, err)
  if client then pcall(client.stop, true) end
end
say(string.format('%d passed, %d failed', passed, failed))
if failed > 0 then
  say('# the client\'s log: ' .. vim.lsp.get_log_path())
  vim.cmd('cquit 1')
end
vim.cmd('qall!')
