// Roles, kinds and rules: the declarations that the stdlib and user files make, and the
// titles of the main file.

#include "model/builder.hpp"
#include "model/props.hpp"
#include "model/stdlib.hpp"

namespace archc::model {

using source::Code;

template <typename T>
std::optional<std::size_t> Declarations::slot_for(Index& index, std::vector<T>& items, const syntax::Name& id,
                                                  std::string_view what, const std::string& module) {
  if (auto it = index.find(id.text); it != index.end() && !items[it->second].module.empty() && module.empty())
    return it->second;
  if (!declare<T>(index, items, id, what, [](const T& t) { return t.span; }, diags_)) return std::nullopt;
  return items.size();
}

template <typename T>
void place(std::vector<T>& items, std::size_t slot, T item) {
  if (slot == items.size()) items.push_back(std::move(item)); else items[slot] = std::move(item);
}

void Declarations::read(const LoadedFile& file, bool is_main) {
  for (const syntax::Statement& s : file.tree->statements) {
    if (const auto* meta = std::get_if<syntax::Meta>(&s.item)) {
      // A stdlib module's description describes the module (`archc stdlib` shows it).
      if (!file.module.empty() && meta->which == syntax::Meta::Which::Description) {
        for (Diagram::Module& m : d_.modules) {
          if (m.id == file.module) m.description = meta->text.text;
        }
      }
      if (!is_main) continue;  // an imported file's title does not retitle the diagram
      bool title = meta->which == syntax::Meta::Which::Title;
      bool& seen = title ? saw_title_ : saw_description_;
      if (seen) {
        diags_.error(Code::DuplicateProperty, meta->span,
                     std::string(title ? "`title`" : "`description`") + " is given twice",
                     "keep one of them");
      }
      seen = true;
      (title ? d_.title : d_.description) = meta->text.text;
    } else if (const auto* r = std::get_if<syntax::RoleDecl>(&s.item)) {
      read_role(*r, file.module);
    } else if (const auto* k = std::get_if<syntax::KindDecl>(&s.item)) {
      read_kind(*k, file.module);
    } else if (const auto* rule = std::get_if<syntax::RuleDecl>(&s.item)) {
      read_rule(*rule, file.module);
    }
  }
}

void Declarations::read_role(const syntax::RoleDecl& r, const std::string& module) {
  std::optional<std::size_t> slot = slot_for(roles_, d_.roles, r.id, "role", module);
  if (!slot) return;
  Role role{r.id.text, r.description ? r.description->text : "", {}, module, r.id.span};
  Common unused;
  read_props(r.props, unused, {"role", false, {"reads"}},
             [&](const syntax::Property& p) {
               return p.key.text == "reads" && (expect_names(p, role.reads, diags_), true);
             },
             diags_);
  place(d_.roles, *slot, std::move(role));
}

void Declarations::read_kind(const syntax::KindDecl& k, const std::string& module) {
  std::optional<std::size_t> slot = slot_for(kinds_, d_.kinds, k.id, "kind", module);
  if (!slot) return;
  Kind kind{k.id.text, {}, {}, k.description ? k.description->text : "", "", module, k.id.span};
  for (const syntax::Name& role : k.roles) {
    kind.roles.push_back(role.text);
    kind.role_spans.push_back(role.span);
  }
  Common common;
  read_props(k.props, common, {"kind", false, {}}, nullptr, diags_);
  kind.icon = common.icon.empty() ? "box" : common.icon;
  place(d_.kinds, *slot, std::move(kind));
}

namespace {

std::string spelled(const syntax::Pattern& p) { return p.spelled(false); }

}  // namespace

// `each` marks the node a `require` line is about; every alternative of the line must be
// about the same nodes, or "every P meets one of them" means nothing.
void Declarations::check_subjects(const Rule& rule) {
  for (const RuleClause& c : rule.clauses) {
    for (const syntax::RuleConnect& alt : c.any_of) {
      if (c.which == RuleClause::Which::Forbid) {
        for (const syntax::Pattern* p : {&alt.from, &alt.to}) {
          if (!p->each) continue;
          diags_.error(Code::RuleSubject, p->span, "`each` in a `forbid` line: a forbid is about connections, not nodes",
                       "remove `each`; `forbid connect(" + spelled(alt.from) + ", " + spelled(alt.to) +
                           ")` forbids every such connection");
        }
      } else if (alt.from.each && alt.to.each) {
        diags_.error(Code::RuleSubject, alt.span, "`each` on both sides: a `require` line is about one side",
                     "keep `each` on the nodes that must meet the line: `connect(each " + spelled(alt.from) + ", " +
                         spelled(alt.to) + ")` (every " + spelled(alt.from) + " dials a " + spelled(alt.to) +
                         ") or `connect(" + spelled(alt.from) + ", each " + spelled(alt.to) + ")` (every " +
                         spelled(alt.to) + " is dialed by a " + spelled(alt.from) + ")");
      } else if (&alt != &c.any_of.front() && !alt.subject().same_nodes(c.any_of.front().subject())) {
        diags_.error(Code::RuleSubject, alt.span,
                     "this alternative is about `" + spelled(alt.subject()) + "`, the first one about `" +
                         spelled(c.any_of.front().subject()) + "`: the alternatives of a `require` line are about the same nodes",
                     "mark the same pattern with `each` in every alternative, as in `require connect(*, each function) "
                     "or connect(each function, broker)`; without `each`, a line is about the dialer");
      }
    }
  }
}

void Declarations::read_rule(const syntax::RuleDecl& r, const std::string& module) {
  std::optional<std::size_t> slot = slot_for(rules_, d_.rules, r.id, "rule", module);
  if (!slot) return;
  Rule rule;
  rule.id = r.id.text;
  rule.description = r.description ? r.description->text : "";
  rule.module = module;
  rule.span = r.id.span;
  rule.clauses = r.clauses;
  Common unused;
  read_props(r.props, unused, {"rule", false, {"severity", "fix", "help"}},
             [&](const syntax::Property& p) {
               std::string word;
               if (p.key.text == "severity") {
                 if (expect_word(p, {"error", "warning"}, word, diags_)) {
                   rule.severity = word == "error" ? source::Severity::Error : source::Severity::Warning;
                 }
                 return true;
               }
               if (p.key.text == "fix") {
                 if (expect_word(p, {"reverse"}, word, diags_)) rule.fix_reverse = true;
                 return true;
               }
               if (p.key.text == "help") return expect_string(p, rule.help, diags_), true;
               return false;
             },
             diags_);
  check_subjects(rule);
  if (rule.clauses.empty()) {
    diags_.error(Code::EmptyRule, r.id.span, "rule `" + rule.id + "` forbids and requires nothing",
                 "add a line such as `forbid connect(broker, *)` or `require connect(service, database)`");
  }
  place(d_.rules, *slot, std::move(rule));
}

namespace {

// The modules, roles, kinds and rules of the stdlib, and their indexes.
struct StdlibDeclarations {
  std::vector<Diagram::Module> modules;
  std::vector<Role> roles;
  std::vector<Kind> kinds;
  std::vector<Rule> rules;
  Index role_index, kind_index, rule_index;
};

}  // namespace

void Declarations::start_from_stdlib() {
  static const StdlibDeclarations stdlib = [] {
    Diagram scratch;
    source::Diagnostics diags;  // the stdlib we ship declares nothing twice
    Names names(scratch, diags);
    Declarations types(scratch, names, diags);
    const ParsedStdlib& parsed = parsed_stdlib();
    std::span<const StdModule> modules = std_modules();
    for (std::size_t i = 0; i < modules.size(); ++i) {
      LoadedFile file;
      file.tree = parsed.trees[i];
      file.module = "std." + std::string(modules[i].name);
      scratch.modules.push_back({file.module, ""});
      types.read(file, false);
    }
    return StdlibDeclarations{scratch.modules, scratch.roles, scratch.kinds, scratch.rules,
                              types.roles_, types.kinds_, types.rules_};
  }();
  d_.modules = stdlib.modules;
  d_.roles = stdlib.roles;
  d_.kinds = stdlib.kinds;
  d_.rules = stdlib.rules;
  roles_ = stdlib.role_index;
  kinds_ = stdlib.kind_index;
  rules_ = stdlib.rule_index;
}

void Declarations::check(const std::function<bool(const std::string&)>& is_group) {
  Index roles_and_kinds = roles_;
  for (const auto& [k, v] : kinds_) roles_and_kinds.emplace(k, roles_.size() + v);
  auto check_name = [&](const std::string& name, Span span, std::string_view what) {
    if (name == "*" || roles_and_kinds.count(name)) return;
    if (is_group && is_group(name)) {
      diags_.error(Code::UnknownRole, span, "`" + name + "` is a group: a rule's pattern names kinds and roles",
                   "name the kinds or roles of its members (a rule sees each member of a group on its own)");
      return;
    }
    names_.unknown(Code::UnknownRole, syntax::Name{name, span}, what, roles_and_kinds);
  };
  for (const Kind& k : d_.kinds) {
    for (std::size_t i = 0; i < k.roles.size(); ++i) {
      if (!roles_.count(k.roles[i])) {
        names_.unknown(Code::UnknownRole, syntax::Name{k.roles[i], k.role_spans[i]}, "role", roles_);
      }
    }
  }
  for (const Role& r : d_.roles) {
    for (const std::string& name : r.reads) check_name(name, r.span, "role or kind");
  }
  for (const Rule& rule : d_.rules) {
    for (const RuleClause& c : rule.clauses) {
      for (const syntax::RuleConnect& alt : c.any_of) {
        for (const syntax::Pattern* side : {&alt.from, &alt.to}) {
          if (side->any) continue;
          for (const syntax::Name& name : side->names) check_name(name.text, name.span, "role or kind");
        }
      }
    }
  }
}

}  // namespace archc::model
