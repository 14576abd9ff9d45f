// From PEGTL's parse tree to AST values: names, texts with their escapes, values, properties
// and patterns.

#include <algorithm>
#include <charconv>

#include "source/utf8.hpp"
#include "syntax/parser.hpp"

namespace archc::syntax::detail {

Name Parser::name_of(const PNode& n) const {
  if (n.is_type<g::node_id>() || n.is_type<g::layer_base>()) return name_of(*n.children.front());
  if (n.is_type<g::quoted_text>()) {
    // The span includes the quotes, so that carets sit under what the user wrote.
    return Name{n.string(), span(n.m_begin.data - 1, n.m_end.data + 1)};
  }
  return Name{n.string(), span(n)};
}

std::vector<Name> Parser::endpoint_names(const PNode& n) {
  if (!n.is_type<g::endpoint_list>()) return {name_of(n)};
  std::vector<Name> out;
  for (const auto& child : n.children) {
    Name name = name_of(*child);
    auto first = std::find_if(out.begin(), out.end(), [&](const Name& o) { return o.text == name.text; });
    if (first != out.end()) {
      diags_.error(Code::BadList, name.span, "`" + name.text + "` is listed twice", "a list names each node once")
          .related.push_back({first->span, "listed first here"});
      continue;
    }
    out.push_back(std::move(name));
  }
  if (out.empty() && n.children.empty()) {
    diags_.error(Code::BadList, span(n), "an empty list connects nothing", "name at least one node: `[a, b]`");
  }
  return out;
}

Text Parser::text_of(const PNode& n) {
  std::string_view raw = n.string_view();
  raw = raw.substr(1, raw.size() - 2);
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') {
      out += raw[i];
      continue;
    }
    char e = raw[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'u': {
        std::size_t close = raw.find('}', i);
        std::string_view hex = raw.substr(i + 2, close - i - 2);
        std::uint32_t cp = 0;
        auto [ptr, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), cp, 16);
        bool ok = ec == std::errc() && ptr == hex.data() + hex.size() && cp <= 0x10FFFF &&
                  !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0;
        if (ok) {
          source::append_utf8(out, cp);
        } else {
          const char* at = n.m_begin.data + 1 + i - 1;
          diags_.error(Code::InvalidEscape, span(at, at + (close - i) + 2),
                       "`\\u{" + std::string(hex) + "}` is not a Unicode character",
                       "use a code point from 1 to 10FFFF, outside D800–DFFF");
        }
        i = close;
        break;
      }
      default: out += e; break;  // `\"` and `\\`
    }
  }
  return Text{std::move(out), span(n)};
}

Value Parser::value_of(const PNode& n) {
  Value v;
  v.span = span(n);
  if (n.is_type<g::string_lit>()) {
    v.type = Value::Type::String;
    v.text = text_of(n).text;
  } else if (n.is_type<g::number>() || n.is_type<g::duration>()) {
    v.text = n.string();
    std::string_view digits = n.string_view();
    double scale = 1;
    if (n.is_type<g::duration>()) {
      v.type = Value::Type::Duration;
      bool ms = digits.ends_with("ms");
      digits.remove_suffix(ms ? 2 : 1);
      scale = ms ? 1 : 1000;
    } else {
      v.type = Value::Type::Number;
    }
    double number = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), number);
    v.number = number * scale;
  } else if (n.is_type<g::kw_true>() || n.is_type<g::kw_false>()) {
    v.type = Value::Type::Bool;
    v.boolean = n.is_type<g::kw_true>();
    v.text = n.string();
  } else if (n.is_type<g::value_list>()) {
    v.type = Value::Type::List;
    for (const auto& child : n.children) v.items.push_back(value_of(*child));
  } else {  // a name or `*`
    v.type = Value::Type::Name;
    Name name = n.is_type<g::star_value>() ? Name{"*", span(n)} : name_of(n);
    v.text = name.text;
    v.span = name.span;
  }
  return v;
}

Property Parser::property_of(const PNode& n) {
  const PNode& key = *n.children.at(0);
  Property p{Name{key.string(), span(key)}, value_of(*n.children.at(1)), span(n)};
  return p;
}

std::vector<Property> Parser::props_of(const PNode& n) {
  std::vector<Property> props;
  for (const auto& child : n.children) props.push_back(property_of(*child));
  return props;
}

std::optional<Text> Parser::opt_text(const PNode& n, std::size_t index) {
  for (std::size_t i = index; i < n.children.size(); ++i) {
    if (n.children[i]->is_type<g::string_lit>()) return text_of(*n.children[i]);
  }
  return std::nullopt;
}

std::vector<Property> Parser::opt_props(const PNode& n, std::size_t index) {
  for (std::size_t i = index; i < n.children.size(); ++i) {
    if (n.children[i]->is_type<g::prop_list>()) return props_of(*n.children[i]);
  }
  return {};
}

Pattern Parser::pattern_of(const PNode& n) {
  Pattern p;
  p.span = span(n);
  for (const auto& child : n.children) {
    if (child->is_type<g::any_pattern>()) {
      p.any = true;
    } else if (child->is_type<g::negation>()) {
      p.negated = true;
    } else if (child->is_type<g::each_mark>()) {
      p.each = true;
    } else if (child->is_type<g::pattern_set>()) {
      p.set = true;
      for (const auto& name : child->children) p.names.push_back(name_of(*name));
    } else {
      p.names.push_back(name_of(*child));
    }
  }
  if (p.any) p.names = {Name{"*", p.span}};
  return p;
}

}  // namespace archc::syntax::detail
