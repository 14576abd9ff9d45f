#pragma once
// Reading `key: value` properties into typed fields, with errors for wrong types.

#include <functional>
#include <string_view>
#include <vector>

#include "model/diagram.hpp"
#include "syntax/ast.hpp"

namespace archc::model {

// Reads one property a caller knows; returns false when the key is not one of its own.
using PropReader = std::function<bool(const syntax::Property&)>;

struct PropContext {
  std::string_view element;  // "node", "connection", "step", … for messages
  // Whether keys that nobody reads are kept as Common::extra (nodes, connections, groups)
  // or are errors (steps, rules, roles, kinds, layers, scenarios, where a typo would be lost).
  bool keep_unknown = false;
  std::vector<std::string_view> known;  // for "did you mean" on an unknown key
};

// Reads `props`: the caller's own keys first, then the common ones (note, icon, color, tags,
// allow) into `common`. Duplicate keys and wrong types are errors in `diags`.
void read_props(const std::vector<syntax::Property>& props, Common& common, const PropContext& ctx,
                const PropReader& own, source::Diagnostics& diags);

// Value helpers for PropReaders. Each reports a `bad-property` error and returns false when
// the value has the wrong type.
bool expect_string(const syntax::Property& p, std::string& out, source::Diagnostics& diags);
bool expect_bool(const syntax::Property& p, bool& out, source::Diagnostics& diags);
bool expect_duration(const syntax::Property& p, double& out_ms, source::Diagnostics& diags);
bool expect_word(const syntax::Property& p, std::vector<std::string_view> choices, std::string& out,
                 source::Diagnostics& diags);
bool expect_names(const syntax::Property& p, std::vector<std::string>& out,
                  source::Diagnostics& diags);

}  // namespace archc::model
