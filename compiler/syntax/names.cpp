#include "syntax/names.hpp"

#include <algorithm>

namespace archc::syntax {

namespace {

struct Collector {
  std::vector<NameUse> out;

  void add(NameSort sort, const Name& n, bool declares = false) {
    if (n.text.empty() || !n.span.valid()) return;
    out.push_back(NameUse{sort, n.text, n.span, declares});
  }

  // `allow: rule` or `allow: [a, b]`: the rules a warning is allowed by.
  void props(const std::vector<Property>& props) {
    for (const Property& p : props) {
      if (p.key.text != "allow") continue;
      auto value = [&](const Value& v) {
        if ((v.type == Value::Type::Name || v.type == Value::Type::String) && !v.text.empty())
          out.push_back(NameUse{NameSort::Rule, v.text, v.span, false});
      };
      if (p.value.type == Value::Type::List) {
        for (const Value& v : p.value.items) value(v);
      } else {
        value(p.value);
      }
    }
  }

  void pattern(const Pattern& p) {
    if (p.any) return;
    for (const Name& n : p.names) add(NameSort::KindOrRole, n);
  }

  void item(const ScenarioItem& item) {
    if (const auto* chain = std::get_if<Chain>(&item.item)) {
      for (const Name& n : chain->nodes) add(NameSort::NodeOrGroup, n);
      props(chain->props);
    } else if (const auto* par = std::get_if<Par>(&item.item)) {
      for (const ScenarioItem& branch : par->branches) this->item(branch);
    }
  }

  void statements(const std::vector<Statement>& body) {
    for (const Statement& s : body) std::visit([&](const auto& x) { statement(x); }, s.item);
  }

  void statement(const Import&) {}
  void statement(const Meta&) {}
  void statement(const RoleDecl& r) {
    add(NameSort::Role, r.id, true);
    props(r.props);
  }
  void statement(const KindDecl& k) {
    add(NameSort::Kind, k.id, true);
    for (const Name& role : k.roles) add(NameSort::Role, role);
    props(k.props);
  }
  void statement(const RuleDecl& r) {
    add(NameSort::Rule, r.id, true);
    for (const RuleClause& c : r.clauses) {
      for (const RuleConnect& rc : c.any_of) {
        pattern(rc.from);
        pattern(rc.to);
      }
    }
    props(r.props);
  }
  void statement(const NodeDecl& n) {
    add(NameSort::Kind, n.kind);
    add(NameSort::Node, n.id, true);
    props(n.props);
  }
  void statement(const ConnectDecl& c) {
    add(NameSort::NodeOrGroup, c.from);
    add(NameSort::NodeOrGroup, c.to);
    props(c.props);
  }
  void statement(const RemoveDecl& r) {
    if (r.is_edge) {
      add(NameSort::NodeOrGroup, r.from);
      add(NameSort::NodeOrGroup, r.to);
    } else {
      add(NameSort::NodeOrGroup, r.node);
    }
  }
  void statement(const GroupDecl& g) {
    add(NameSort::Group, g.id, true);
    props(g.props);
    statements(g.body);
  }
  void statement(const LayerDecl& l) {
    add(NameSort::Layer, l.id, true);
    if (l.base) add(NameSort::Layer, *l.base);
    props(l.props);
    statements(l.body);
  }
  void statement(const ViewDecl& v) {
    add(NameSort::View, v.id, true);
    if (v.layer) add(NameSort::Layer, *v.layer);
    props(v.props);
    for (const ViewLine& line : v.lines) {
      for (const Name& n : line.names) add(NameSort::NodeOrGroup, n);
    }
  }
  void statement(const ScenarioDecl& s) {
    add(NameSort::Scenario, s.id, true);
    if (s.layer) add(NameSort::Layer, *s.layer);
    props(s.props);
    for (const ScenarioItem& i : s.items) item(i);
  }
};

}  // namespace

std::vector<NameUse> name_uses(const File& file) {
  Collector c;
  c.statements(file.statements);
  std::stable_sort(c.out.begin(), c.out.end(), [](const NameUse& a, const NameUse& b) { return a.span.begin < b.span.begin; });
  // The pairs of `connect([a, b], c)` share `c`, the label and the props: each spelled once.
  c.out.erase(std::unique(c.out.begin(), c.out.end(),
                          [](const NameUse& a, const NameUse& b) {
                            return a.span.begin == b.span.begin && a.span.end == b.span.end && a.sort == b.sort;
                          }),
              c.out.end());
  return c.out;
}

}  // namespace archc::syntax
