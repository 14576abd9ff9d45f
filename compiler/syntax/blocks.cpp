// Where statements go: each in the block that holds it (a group, a layer, a scenario, a
// `par`, a rule), or reported as misplaced; blocks opened and closed, nesting bounded.

#include "syntax/parser.hpp"

namespace archc::syntax::detail {

void Parser::misplaced(std::string_view word, std::string_view belongs, const PNode& n) {
  Block where = stack_.empty() ? Block::Root : stack_.back().block;
  damage();
  if (where == Block::Invalid) return;  // its block was already reported
  diags_.error(Code::MisplacedStatement, span(n),
               "`" + std::string(word) + "` cannot stand " + std::string(block_word(where)),
               "`" + std::string(word) + "` belongs " + std::string(belongs));
}

void Parser::add(Statement s, std::string_view word, const PNode& n) {
  Block where = stack_.empty() ? Block::Root : stack_.back().block;
  if (const auto* node = std::get_if<NodeDecl>(&s.item); node && where == Block::Invalid) {
    out_.dropped_nodes.push_back(node->id.text);
    return;
  }
  bool node_like = std::holds_alternative<NodeDecl>(s.item) ||
                   std::holds_alternative<ConnectDecl>(s.item) ||
                   std::holds_alternative<GroupDecl>(s.item);
  bool remove = std::holds_alternative<RemoveDecl>(s.item);
  bool ok = where == Block::Root ? !remove
            : where == Block::Layer ? node_like || remove
            : where == Block::Group ? node_like
                                    : false;
  if (!ok && where == Block::View) {
    damage();
    diags_.error(Code::MisplacedStatement, span(n), "`" + std::string(word) + "` cannot stand inside a `view`",
                 "a view's lines are `include NAME, …` and `exclude NAME, …` (nodes, groups, or `*`)");
    return;
  }
  if (!ok) {
    if (const auto* node = std::get_if<NodeDecl>(&s.item)) out_.dropped_nodes.push_back(node->id.text);
    misplaced(word,
              node_like ? "at the top level, in a `layer` or in a `group`"
              : remove  ? "in a `layer` block"
                        : "at the top level of a file",
              n);
    return;
  }
  if (where == Block::Root) {
    out_.statements.push_back(std::move(s));
  } else {
    Statement& parent = stack_.back().decl;
    if (auto* g = std::get_if<GroupDecl>(&parent.item)) g->body.push_back(std::move(s));
    if (auto* l = std::get_if<LayerDecl>(&parent.item)) l->body.push_back(std::move(s));
  }
}

void Parser::add_scenario_item(ScenarioItem item, std::string_view word, const PNode& n) {
  Block where = stack_.empty() ? Block::Root : stack_.back().block;
  if (where == Block::Par) {
    stack_.back().par.branches.push_back(std::move(item));
  } else if (where == Block::Scenario) {
    std::get<ScenarioDecl>(stack_.back().decl.item).items.push_back(std::move(item));
  } else {
    // `a -> b` outside a scenario is most often a connection written the D2 way.
    const auto* chain = std::get_if<Chain>(&item.item);
    misplaced(word,
              chain && chain->nodes.size() == 2
                  ? "in a `scenario` block; to connect two nodes write `connect(" + chain->nodes[0].text + ", " +
                        chain->nodes[1].text + ")`, the dialer first"
                  : std::string("in a `scenario` block"),
              n);
  }
}

void Parser::add_property(Property p, const PNode& n) {
  // A `key: value` line belongs to the block it stands in: a group, layer, scenario or rule,
  // or the file itself at the top level.
  std::vector<Property>* props = stack_.empty() ? &out_.props : nullptr;
  if (!stack_.empty() && stack_.back().block != Block::Par) {
    std::visit(
        [&](auto& d) {
          if constexpr (requires { d.props; }) props = &d.props;
        },
        stack_.back().decl.item);
  }
  if (props == nullptr) {
    misplaced(p.key.text + ":", "at the top level, in a `group`, `layer`, `scenario` or `rule` block, or in `{ }` after a node or connection", n);
    return;
  }
  props->push_back(std::move(p));
}

void Parser::open(Block block, Statement decl, const PNode& n) {
  Block where = stack_.empty() ? Block::Root : stack_.back().block;
  if (too_deep_ > 0 || where == Block::Invalid) {
    // Inside a block already reported: count the depth, keep no frame. (A frame per nested
    // block, each reported again, made 100,000 nested blocks cost minutes.)
    ++too_deep_;
    return;
  }
  bool ok = false;
  std::string_view word, belongs;
  switch (block) {
    case Block::Group:
      ok = where == Block::Root || where == Block::Layer || where == Block::Group;
      word = "group";
      belongs = "at the top level, in a `layer` or in a `group`";
      break;
    case Block::Layer:
    case Block::Scenario:
    case Block::Rule:
    case Block::View:
      ok = where == Block::Root;
      word = block == Block::Layer ? "layer" : block == Block::Scenario ? "scenario" : block == Block::View ? "view" : "rule";
      belongs = "at the top level of a file";
      break;
    case Block::Par:
      ok = where == Block::Scenario || where == Block::Par;
      word = "par";
      belongs = "in a `scenario` block";
      break;
    default: break;
  }
  if (!ok) {
    misplaced(word, belongs, n);
    block = Block::Invalid;
  } else if (stack_.size() >= kMaxNesting) {
    diags_.error(Code::TooDeep, span(n),
                 "blocks nest deeper than " + std::to_string(kMaxNesting) + " levels",
                 block == Block::Par ? "one `par` runs all its lines at once: nested `par` blocks add nothing"
                                     : "flatten the groups: node ids are global, so nesting is only visual");
    damage();
    block = Block::Invalid;
  }
  stack_.push_back(Frame{block, std::move(decl), Par{{}, span(n)}, span(n)});
}

void Parser::attach(Frame frame) {
  switch (frame.block) {
    case Block::Par: {
      ScenarioItem item{std::move(frame.par)};
      if (!stack_.empty() && stack_.back().block == Block::Par) {
        stack_.back().par.branches.push_back(std::move(item));
      } else if (!stack_.empty() && stack_.back().block == Block::Scenario) {
        std::get<ScenarioDecl>(stack_.back().decl.item).items.push_back(std::move(item));
      }
      break;
    }
    case Block::Invalid:
    case Block::Root: break;
    default:
      if (stack_.empty()) {
        out_.statements.push_back(std::move(frame.decl));
      } else {
        Statement& parent = stack_.back().decl;
        if (auto* g = std::get_if<GroupDecl>(&parent.item)) g->body.push_back(std::move(frame.decl));
        if (auto* l = std::get_if<LayerDecl>(&parent.item)) l->body.push_back(std::move(frame.decl));
      }
  }
}

void Parser::close(const PNode& n) {
  if (too_deep_ > 0) {
    --too_deep_;
    return;
  }
  if (stack_.empty()) {
    diags_.error(Code::UnmatchedBrace, span(n), "this `}` closes no block",
                 "remove it, or add the `{` it was meant to close");
    return;
  }
  Frame frame = std::move(stack_.back());
  stack_.pop_back();
  attach(std::move(frame));
}

void Parser::handle(const PNode& n) {
  if (n.is_type<g::close_brace>()) {
    close(n);
  } else if (n.is_type<g::block_property>()) {
    add_property(property_of(n), n);
  } else if (!declaration(n) && !rule_clause(n) && !scenario_item(n) && !view_line(n)) {
    header(n);
  }
}

// import, title, description, role, kind, node, connect, remove.
bool Parser::declaration(const PNode& n) {
  const auto& c = n.children;
  if (n.is_type<g::import_stmt>()) {
    const PNode& target = *c.at(0);
    Import imp;
    imp.is_std = target.is_type<g::std_module>();
    imp.target = imp.is_std ? target.string() : text_of(target).text;
    imp.target_span = span(target);
    imp.span = span(n);
    add(Statement{std::move(imp)}, "import", n);
  } else if (n.is_type<g::title_stmt>() || n.is_type<g::description_stmt>()) {
    Meta meta{n.is_type<g::title_stmt>() ? Meta::Which::Title : Meta::Which::Description,
              text_of(*c.at(0)), span(n)};
    add(Statement{std::move(meta)}, meta.which == Meta::Which::Title ? "title" : "description", n);
  } else if (n.is_type<g::role_stmt>()) {
    add(Statement{RoleDecl{name_of(*c.at(0)), opt_text(n, 1), opt_props(n, 1), span(n)}}, "role", n);
  } else if (n.is_type<g::kind_stmt>()) {
    KindDecl kind{name_of(*c.at(0)), {}, opt_text(n, 1), opt_props(n, 1), span(n)};
    for (const auto& child : c) {
      if (child->is_type<g::kind_roles>()) {
        for (const auto& role : child->children) kind.roles.push_back(name_of(*role));
      }
    }
    add(Statement{std::move(kind)}, "kind", n);
  } else if (n.is_type<g::node_stmt>()) {
    add(Statement{NodeDecl{name_of(*c.at(0)), name_of(*c.at(1)), opt_text(n, 2), opt_props(n, 2), span(n)}}, "node",
        n);
  } else if (n.is_type<g::connect_stmt>()) {
    const PNode& pair = *c.at(0);
    // One connection per pair of names, each with the label and props written once.
    const std::vector<Name> from = endpoint_names(*pair.children.at(0)), to = endpoint_names(*pair.children.at(1));
    const bool listed = from.size() != 1 || to.size() != 1;
    for (const Name& a : from) {
      for (const Name& b : to) {
        ConnectDecl decl{a, b, opt_text(n, 1), opt_props(n, 1), span(n), span(n.m_begin.data, pair.m_end.data)};
        decl.listed = listed;
        add(Statement{std::move(decl)}, "connect", n);
      }
    }
  } else if (n.is_type<g::remove_stmt>()) {
    RemoveDecl r;
    r.span = span(n);
    const PNode& target = *c.at(0);
    if (target.is_type<g::remove_edge>()) {
      const PNode& pair = *target.children.at(0);
      for (const auto& side : pair.children) {
        if (side->is_type<g::endpoint_list>()) {
          diags_.error(Code::BadList, span(*side), "a `remove` takes one connection, not a list",
                       "write one `remove connect(a, b)` per connection");
          return true;
        }
      }
      r.is_edge = true;
      r.from = name_of(*pair.children.at(0));
      r.to = name_of(*pair.children.at(1));
    } else {
      r.node = name_of(target);
    }
    add(Statement{std::move(r)}, "remove", n);
  } else {
    return false;
  }
  return true;
}

// forbid, require: lines of a rule block.
bool Parser::rule_clause(const PNode& n) {
  if (!n.is_type<g::forbid_stmt>() && !n.is_type<g::require_stmt>()) return false;
  RuleClause clause;
  clause.which = n.is_type<g::forbid_stmt>() ? RuleClause::Which::Forbid : RuleClause::Which::Require;
  for (const auto& pair : n.children) {
    if (pair->is_type<g::both_ways>()) {
      clause.both_ways = true;
      continue;
    }
    clause.any_of.push_back(RuleConnect{pattern_of(*pair->children.at(0)), pattern_of(*pair->children.at(1)), span(*pair)});
  }
  clause.span = span(n);
  if (!stack_.empty() && stack_.back().block == Block::Rule) {
    std::get<RuleDecl>(stack_.back().decl.item).clauses.push_back(std::move(clause));
  } else {
    misplaced(n.is_type<g::forbid_stmt>() ? "forbid" : "require", "in a `rule` block", n);
  }
  return true;
}

// note, a -> b: lines of a scenario.
bool Parser::scenario_item(const PNode& n) {
  if (n.is_type<g::note_stmt>()) {
    add_scenario_item(ScenarioItem{Note{text_of(*n.children.at(0)), span(n)}}, "note", n);
    return true;
  }
  if (!n.is_type<g::chain_stmt>()) return false;
  Chain chain;
  chain.span = span(n);
  for (const auto& child : n.children) {
    if (child->is_type<g::bare_name>() || child->is_type<g::quoted_text>()) chain.nodes.push_back(name_of(*child));
  }
  chain.caption = opt_text(n, 0);
  chain.props = opt_props(n, 0);
  add_scenario_item(ScenarioItem{std::move(chain)}, "a -> b", n);
  return true;
}

// include, exclude: lines of a view.
bool Parser::view_line(const PNode& n) {
  if (!n.is_type<g::view_include>() && !n.is_type<g::view_exclude>()) return false;
  ViewLine line;
  line.include = n.is_type<g::view_include>();
  line.span = span(n);
  for (const auto& child : n.children) {
    if (child->is_type<g::view_all>()) line.all = true;
    if (child->is_type<g::bare_name>() || child->is_type<g::quoted_text>()) line.names.push_back(name_of(*child));
  }
  if (!stack_.empty() && stack_.back().block == Block::View) {
    std::get<ViewDecl>(stack_.back().decl.item).lines.push_back(std::move(line));
  } else {
    misplaced(line.include ? "include" : "exclude", "in a `view` block", n);
  }
  return true;
}

// group, layer, scenario, rule, par, view: a header that opens a block.
bool Parser::header(const PNode& n) {
  const auto& c = n.children;
  if (n.is_type<g::group_header>()) {
    open(Block::Group, Statement{GroupDecl{name_of(*c.at(0)), opt_text(n, 1), {}, {}, span(n)}}, n);
  } else if (n.is_type<g::layer_header>()) {
    LayerDecl layer;
    layer.id = name_of(*c.at(0));
    layer.title = opt_text(n, 1);
    layer.span = span(n);
    for (const auto& child : c) {
      if (child->is_type<g::extends_mark>()) layer.extends = true;
      if (child->is_type<g::layer_base>()) layer.base = name_of(*child);
    }
    open(Block::Layer, Statement{std::move(layer)}, n);
  } else if (n.is_type<g::scenario_header>()) {
    ScenarioDecl scenario;
    scenario.id = name_of(*c.at(0));
    scenario.title = opt_text(n, 1);
    scenario.span = span(n);
    for (const auto& child : c) {
      if (child->is_type<g::scenario_layer>()) scenario.layer = name_of(*child->children.at(0));
    }
    open(Block::Scenario, Statement{std::move(scenario)}, n);
  } else if (n.is_type<g::rule_header>()) {
    open(Block::Rule, Statement{RuleDecl{name_of(*c.at(0)), opt_text(n, 1), {}, {}, span(n)}}, n);
  } else if (n.is_type<g::view_header>()) {
    ViewDecl view;
    view.id = name_of(*c.at(0));
    view.title = opt_text(n, 1);
    view.span = span(n);
    for (const auto& child : c) {
      if (child->is_type<g::view_layer>()) view.layer = name_of(*child->children.at(0));
    }
    open(Block::View, Statement{std::move(view)}, n);
  } else if (n.is_type<g::par_header>()) {
    open(Block::Par, Statement{}, n);
  } else {
    return false;
  }
  return true;
}

}  // namespace archc::syntax::detail
