#include "model/props.hpp"

#include <algorithm>
#include <unordered_set>

#include "model/suggest.hpp"

namespace archc::model {

using source::Code;
using syntax::Value;

namespace {

std::string_view type_name(const Value& v) {
  switch (v.type) {
    case Value::Type::String: return "a string";
    case Value::Type::Number: return "a number";
    case Value::Type::Duration: return "a duration";
    case Value::Type::Bool: return "a boolean";
    case Value::Type::Name: return "a name";
    case Value::Type::List: return "a list";
  }
  return "a value";
}

void wrong_type(const syntax::Property& p, std::string_view wanted, source::Diagnostics& diags) {
  diags.error(Code::BadProperty, p.value.span,
              "`" + p.key.text + "` takes " + std::string(wanted) + ", found " +
                  std::string(type_name(p.value)));
}

std::string as_text(const Value& v) {
  if (v.type == Value::Type::List) {
    std::string out;
    for (const Value& item : v.items) {
      if (!out.empty()) out += ", ";
      out += item.text;
    }
    return out;
  }
  return v.text;
}

}  // namespace

bool expect_string(const syntax::Property& p, std::string& out, source::Diagnostics& diags) {
  if (p.value.type != Value::Type::String) {
    wrong_type(p, "a string", diags);
    return false;
  }
  out = p.value.text;
  return true;
}

bool expect_bool(const syntax::Property& p, bool& out, source::Diagnostics& diags) {
  if (p.value.type != Value::Type::Bool) {
    wrong_type(p, "`true` or `false`", diags);
    return false;
  }
  out = p.value.boolean;
  return true;
}

bool expect_duration(const syntax::Property& p, double& out_ms, source::Diagnostics& diags) {
  if (p.value.type != Value::Type::Duration) {
    wrong_type(p, "a duration such as `800ms` or `1.5s`", diags);
    return false;
  }
  out_ms = p.value.number;
  return true;
}

bool expect_word(const syntax::Property& p, std::vector<std::string_view> choices, std::string& out,
                 source::Diagnostics& diags) {
  std::string list;
  for (std::string_view c : choices) list += (list.empty() ? "`" : ", `") + std::string(c) + "`";
  if (p.value.type != Value::Type::Name ||
      std::find(choices.begin(), choices.end(), p.value.text) == choices.end()) {
    std::string found = p.value.type == Value::Type::Name ? "`" + p.value.text + "`"
                                                          : std::string(type_name(p.value));
    diags.error(Code::BadProperty, p.value.span,
                "`" + p.key.text + "` takes one of " + list + ", found " + found);
    return false;
  }
  out = p.value.text;
  return true;
}

bool expect_names(const syntax::Property& p, std::vector<std::string>& out,
                  source::Diagnostics& diags) {
  // All or nothing: a list with one bad item adds none (callers keep parallel lists).
  const std::vector<Value> one{p.value};
  const std::vector<Value>& items = p.value.type == Value::Type::List ? p.value.items : one;
  for (const Value& v : items) {
    if (v.type != Value::Type::Name && v.type != Value::Type::String) {
      diags.error(Code::BadProperty, v.span,
                  "`" + p.key.text + "` takes names, found " + std::string(type_name(v)));
      return false;
    }
  }
  for (const Value& v : items) out.push_back(v.text);
  return true;
}

void read_props(const std::vector<syntax::Property>& props, Common& common, const PropContext& ctx,
                const PropReader& own, source::Diagnostics& diags) {
  std::unordered_set<std::string_view> seen;
  for (const syntax::Property& p : props) {
    if (!seen.insert(p.key.text).second) {
      diags.error(Code::DuplicateProperty, p.key.span, "`" + p.key.text + "` is given twice",
                  "keep one of them");
      continue;
    }
    if (own && own(p)) continue;
    const std::string& key = p.key.text;
    if (key == "note") {
      expect_string(p, common.note, diags);
    } else if (key == "icon" || key == "color") {
      std::string& out = key == "icon" ? common.icon : common.color;
      if (p.value.type == Value::Type::Name || p.value.type == Value::Type::String) {
        out = p.value.text;
      } else {
        wrong_type(p, "a name or a string", diags);
      }
    } else if (key == "tags") {
      expect_names(p, common.tags, diags);
    } else if (key == "allow") {
      if (expect_names(p, common.allow, diags)) {
        if (p.value.type == Value::Type::List) {
          for (const Value& v : p.value.items) common.allow_spans.push_back(v.span);
        } else {
          common.allow_spans.push_back(p.value.span);
        }
      }
    } else if (key == "direction") {
      // Kept as a free-form key, it would say nothing: the direction is the whole picture's.
      diags.error(Code::BadProperty, p.key.span, "`direction` is not a property of a " + std::string(ctx.element),
                  "it is a line of its own at the top level of the file (`direction: " +
                      (p.value.type == Value::Type::Name ? p.value.text : std::string("down")) +
                      "`), and sets the whole picture's");
    } else if (ctx.keep_unknown && (key == "flow" || key == "stream")) {
      // Kept as a free-form key, it would say nothing: the way data flows is a connection's.
      diags.error(Code::BadProperty, p.key.span,
                  "`" + key + "` is a property of a connection, not of a " + std::string(ctx.element),
                  "write it on each connection it is about: `connect(a, b) { " + key + ": " +
                      (key == "flow" ? "backward" : "true") + " }`");
    } else if (ctx.keep_unknown) {
      common.extra.push_back(Extra{key, as_text(p.value)});
    } else {
      std::vector<std::string_view> known = ctx.known;
      for (std::string_view k : {"note", "icon", "color", "tags", "allow"}) known.push_back(k);
      std::string near = closest(key, known);
      diags.error(Code::BadProperty, p.key.span,
                  "a " + std::string(ctx.element) + " has no property `" + key + "`",
                  near.empty() ? "" : "a property with a similar name exists: `" + near + "`");
    }
  }
}

}  // namespace archc::model
