// For the token-agreement test (tests/browser/tokens_test.mjs): each file named, cut by
// syntax::lex, as one JSON line {"file": …, "tokens": [[class, begin, end], …]} (bytes).
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "syntax/lex.hpp"

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    nlohmann::json tokens = nlohmann::json::array();
    for (const archc::syntax::Token& t : archc::syntax::lex(text)) {
      tokens.push_back({archc::syntax::token_class(t.kind), t.begin, t.end});
    }
    std::puts(nlohmann::json{{"file", argv[i]}, {"tokens", tokens}}.dump().c_str());
  }
  return 0;
}
