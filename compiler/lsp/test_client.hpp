#pragma once
// What the LSP unit tests do as a client: initialize a server, ask at a word of a document,
// apply the edits that come back.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "lsp/server.hpp"

namespace archc::lsp::test {

inline Server initialized(const std::string& params = "{}") {
  Server s;
  s.handle(Json::parse(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":)" + params + "}"));
  return s;
}

// The one answer to a request.
inline Json answer(Server& s, const std::string& text) {
  std::vector<Json> out = s.handle(Json::parse(text));
  EXPECT_EQ(out.size(), 1u) << text;
  return out.empty() ? Json() : out[0];
}

inline Json open_message(const std::string& uri, const std::string& text, int version = 1) {
  return Json{{"jsonrpc", "2.0"},
              {"method", "textDocument/didOpen"},
              {"params", {{"textDocument", {{"uri", uri}, {"text", text}, {"version", version}}}}}};
}

// The position of the `nth` (0-based) spelling of `word` in `text`.
inline Json position_of_word(const std::string& text, const std::string& word, int nth) {
  std::size_t at = text.find(word);
  for (int i = 0; i < nth && at != std::string::npos; ++i) at = text.find(word, at + 1);
  EXPECT_NE(at, std::string::npos) << word;
  int line = 0, character = 0;
  for (std::size_t i = 0; i < at && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      character = 0;
    } else {
      ++character;
    }
  }
  return Json{{"line", line}, {"character", character}};
}

// Opens `text` as `uri` and asks `method` at the `nth` (0-based) spelling of `word` in it.
inline Json at_word(Server& s, const std::string& uri, const std::string& text, const std::string& word, int nth,
                    const char* method, const Json& extra = Json::object()) {
  s.handle(open_message(uri, text));
  Json params = {{"textDocument", {{"uri", uri}}}, {"position", position_of_word(text, word, nth)}};
  params.update(extra);
  return answer(s, Json{{"jsonrpc", "2.0"}, {"id", 9}, {"method", method}, {"params", params}}.dump());
}

// The text with edits for one file applied (they never overlap).
inline std::string applied(std::string text, const Json& edits) {
  std::vector<std::tuple<std::size_t, std::size_t, std::string>> at;
  auto offset = [&](const Json& pos) {
    std::size_t o = 0;
    for (int line = 0; line < pos["line"].get<int>(); ++line) o = text.find('\n', o) + 1;
    return o + pos["character"].get<std::size_t>();
  };
  for (const Json& e : edits) at.emplace_back(offset(e["range"]["start"]), offset(e["range"]["end"]), e["newText"]);
  std::sort(at.rbegin(), at.rend());
  for (const auto& [b, e, to] : at) text.replace(b, e - b, to);
  return text;
}

}  // namespace archc::lsp::test
