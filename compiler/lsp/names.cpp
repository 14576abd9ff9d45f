#include "lsp/names.hpp"

#include <cstdio>

#include "syntax/grammar.hpp"

namespace archc::lsp {

namespace {

namespace g = syntax::grammar;
namespace pegtl = tao::pegtl;

// How many bytes from the start of `text` the grammar's `Rule` reads; nullopt when it reads
// none. (The grammar is asked, not spelled again: a name here is what the parser takes.)
template <typename Rule>
std::optional<std::size_t> read_by(std::string_view text) {
  pegtl::memory_input in(text.data(), text.size(), "new name");
  try {
    if (!pegtl::parse<Rule>(in)) return std::nullopt;
  } catch (const pegtl::parse_error&) {
    return std::nullopt;  // a quoted name's `must<>`: not a name
  }
  return static_cast<std::size_t>(in.current() - text.data());
}

template <typename Rule>
bool whole(std::string_view text) {
  return read_by<pegtl::seq<Rule, pegtl::eof>>(text).has_value();
}

// The byte at `at` as a message shows it.
std::string shown_byte(std::string_view text, std::size_t at) {
  unsigned char c = static_cast<unsigned char>(text[at]);
  if (c == ' ') return "a space";
  if (c > ' ' && c < 127) return std::string("`") + static_cast<char>(c) + "`";
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", c);
  return std::string("the byte ") + hex;
}

// Why a text the grammar does not read as a name is not one.
std::string why_not_a_name(std::string_view name) {
  const std::string shown = "`" + std::string(name) + "` is not a valid name: ";
  if (name.front() == '\'') {
    return shown + "a quoted name is one or more characters between single quotes, none of them a blank, `'`, `\\` or a "
                   "control character";
  }
  // A bare name that a quoted one could say.
  std::string help = whole<g::quoted_name>("'" + std::string(name) + "'") ? "\nhelp: quote it: `'" + std::string(name) + "'`" : "";
  std::optional<std::size_t> read = read_by<g::identifier>(name);
  if (!read) return shown + "a name starts with a letter or `_`" + help;
  if (*read >= name.size()) return shown + "it is not a name" + help;
  if (name[*read] == '-') return shown + "a `-` in a name is followed by a letter or digit" + help;
  return shown + "a bare name holds ASCII letters, digits, `_` and `-`, not " + shown_byte(name, *read) + help;
}

}  // namespace

std::string unquoted(std::string_view name) {
  if (name.size() >= 2 && name.front() == '\'' && name.back() == '\'') name = name.substr(1, name.size() - 2);
  return std::string(name);
}

const char* sort_word(syntax::NameSort sort) {
  switch (sort) {
    case syntax::NameSort::Node: return "node";
    case syntax::NameSort::Group: return "group";
    case syntax::NameSort::NodeOrGroup: return "node or group";
    case syntax::NameSort::Kind: return "kind";
    case syntax::NameSort::Role: return "role";
    case syntax::NameSort::KindOrRole: return "kind or role";
    case syntax::NameSort::Layer: return "layer";
    case syntax::NameSort::Scenario: return "scenario";
    case syntax::NameSort::View: return "view";
    case syntax::NameSort::Rule: return "rule";
  }
  return "name";
}

std::string refuse_new_name(std::string_view name, const std::vector<const model::Diagram*>& diagrams,
                            syntax::NameSort sort) {
  if (name.empty()) return "the new name is empty";
  if (!whole<g::name>(name)) {
    if (whole<g::identifier>(name) && syntax::is_keyword(name)) {
      return "`" + std::string(name) + "` is a keyword\nhelp: a quoted name may be one: `'" + std::string(name) + "'`";
    }
    return why_not_a_name(name);
  }
  const std::string id = unquoted(name);
  const std::string taken = "`" + id + "` is already the name of ";
  using syntax::NameSort;
  // A kind and a role share the patterns of rules; layers, rules and scenarios each have their
  // own names.
  for (const model::Diagram* d : diagrams) {
    if (sort == NameSort::Kind || sort == NameSort::Role) {
      if (d->find_kind(id)) return taken + "a kind";
      if (d->find_role(id)) return taken + "a role";
    } else if (sort == NameSort::Layer) {
      if (d->find_layer(id) != model::kNone) return taken + "a layer";
    } else if (sort == NameSort::Rule) {
      for (const model::Rule& r : d->rules) {
        if (r.id == id) return taken + "a rule";
      }
    } else if (sort == NameSort::Scenario) {
      for (const model::Scenario& s : d->scenarios) {
        if (s.id == id) return taken + "a scenario";
      }
    } else if (sort == NameSort::View) {
      if (d->find_view(id)) return taken + "a view";
    }
  }
  if (sort != NameSort::Node && sort != NameSort::Group && sort != NameSort::NodeOrGroup) return {};
  // Node ids share one namespace, groups, layers and scenarios each their own; but a node's
  // rename was once by spelling, and a diagram reads best with one meaning per name.
  for (const model::Diagram* d : diagrams) {
    if (d->find_node(id) != model::kNone) return taken + "a node";
    if (d->find_layer(id) != model::kNone) return taken + "a layer";
    for (const model::Group& group : d->groups) {
      if (group.id == id) return taken + "a group";
    }
    for (const model::Scenario& s : d->scenarios) {
      if (s.id == id) return taken + "a scenario";
    }
  }
  return {};
}

}  // namespace archc::lsp
