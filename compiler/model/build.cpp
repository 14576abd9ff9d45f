// build_model(): the parts of builder.hpp run in order over every loaded file.

#include <algorithm>
#include <set>
#include <optional>

#include "model/builder.hpp"
#include "model/imports.hpp"
#include "model/model.hpp"
#include "model/props.hpp"
#include "model/scenarios.hpp"
#include "model/stdlib.hpp"
#include "model/suggest.hpp"
#include "syntax/keywords.hpp"
#include "syntax/names.hpp"

namespace archc::model {

using source::Code;

namespace {


std::vector<std::string_view> keys_in_order(const Index& index) {
  std::vector<std::pair<std::size_t, std::string_view>> sorted;
  for (const auto& [k, v] : index) sorted.emplace_back(v, k);
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::string_view> out;
  for (const auto& [v, k] : sorted) out.push_back(k);
  return out;
}

// `allow` names a rule: an unknown one is a warning (the diagram still compiles).
void check_allow(const Diagram& d, const Index& rules, Names& names, source::Diagnostics& diags) {
  auto check = [&](const Common& c) {
    for (std::size_t i = 0; i < c.allow.size(); ++i) {
      const std::string& rule = c.allow[i];
      if (rules.count(rule)) continue;
      std::string near = closest(rule, names.candidates(rules));
      source::Diagnostic& d =
          diags.warning(Code::UnknownRule, c.allow_spans[i], "`allow` names an unknown rule `" + rule + "`",
                        near.empty() ? "`archc stdlib` lists the rules" : "a rule with a similar name exists: `" + near + "`");
      if (!near.empty()) d.fix = as_written(near);
    }
  };
  for (const Node& n : d.nodes) check(n.props);
  for (const Edge& e : d.edges) check(e.props);
  for (const Group& g : d.groups) check(g.props);
}

void add_scenarios(Diagram& d, const Elements& elements, source::Diagnostics& diags) {
  Index ids;
  ConnectionIndex connections(d);
  const auto& decls = elements.scenarios();
  for (std::size_t i = 0; i < decls.size(); ++i) {
    const syntax::ScenarioDecl& s = *decls[i];
    if (auto first = ids.find(s.id.text); first != ids.end()) {
      diags.error(Code::DuplicateId, s.id.span, "scenario `" + s.id.text + "` is declared twice")
          .note(decls[first->second]->id.span, "the first declaration is here");
      continue;
    }
    ids.emplace(s.id.text, i);
    if (auto scenario = build_scenario(s, d, elements.nodes(), connections, diags)) d.scenarios.push_back(std::move(*scenario));
  }
}

// A connection whose `flow` is not written takes the way its scenarios carry data: when every
// step over it travels the same way, that is the data's way (a packet that always goes
// `queue -> consumer` says the consumer reads). Steps both ways (a request and its answer)
// say nothing, and the roles decide as before.
// A file's top-level `key: value` lines: `direction:` (the main file, read last, has the last
// word); any other key is an error.
// The archc direction that another tool's word (Graphviz's `TB`, Mermaid's `TD`), or a quoted
// archc word, means; empty when it means none.
std::string direction_meant(const syntax::Value& v) {
  if (v.type != syntax::Value::Type::Name && v.type != syntax::Value::Type::String) return "";
  std::string given = v.text;
  for (char& c : given) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::pair<std::string_view, std::string_view> kAlike[] = {
      {"lr", "right"}, {"tb", "down"}, {"td", "down"}, {"rl", "left"}, {"bt", "up"}, {"horizontal", "right"},
      {"vertical", "down"}, {"right", "right"}, {"down", "down"}, {"left", "left"}, {"up", "up"}};
  for (const auto& [theirs, ours] : kAlike) {
    // `right` as a bare word is the value itself, not a mistake.
    if (given == theirs && !(v.type == syntax::Value::Type::Name && v.text == ours)) return std::string(ours);
  }
  return "";
}

void read_file_props(const std::vector<syntax::Property>& props, Diagram& d, source::Diagnostics& diags) {
  const syntax::Property* seen = nullptr;
  for (const syntax::Property& p : props) {
    if (p.key.text != "direction") {
      diags.error(Code::BadProperty, p.key.span, "unknown top-level property `" + p.key.text + "`",
                  "the top level takes `direction: right | down | left | up`");
      continue;
    }
    if (seen) {
      diags.error(Code::DuplicateProperty, p.key.span, "`direction` is given twice", "keep one")
          .related.push_back({seen->key.span, "given first here"});
      continue;
    }
    seen = &p;
    if (std::string ours = direction_meant(p.value); !ours.empty()) {
      const bool quoted = p.value.type == syntax::Value::Type::String && p.value.text == ours;
      diags.error(Code::BadProperty, p.value.span, "`direction` takes `right`, `down`, `left` or `up`",
                  quoted ? "a word, without quotes: `direction: " + ours + "`"
                         : "`" + p.value.text + "` is `direction: " + ours + "` in archc")
          .fix = ours;  // an editor offers it as a quick fix
      continue;
    }
    std::string word;
    if (!expect_word(p, {"right", "down", "left", "up"}, word, diags)) continue;
    d.direction = word == "down" ? Direction::Down : word == "left" ? Direction::Left : word == "up" ? Direction::Up : Direction::Right;
  }
}

void flows_from_scenarios(Diagram& d) {
  struct Seen {
    int along = 0, against = 0;
    std::vector<std::string> scenarios;
  };
  std::vector<Seen> seen(d.edges.size());
  for (const Scenario& s : d.scenarios) {
    for (const Step& step : s.steps) {
      if (step.edge == kNone || step.edge.index() >= seen.size()) continue;
      Seen& x = seen[step.edge.index()];
      ++(step.against ? x.against : x.along);
      if (x.scenarios.empty() || x.scenarios.back() != s.id) x.scenarios.push_back(s.id);
    }
  }
  for (EdgeId e : d.edges.ids()) {
    Edge& edge = d.edges[e];
    const Seen& x = seen[e.index()];
    if (edge.flow_explicit || (x.along > 0) == (x.against > 0) || edge.from == kNone || edge.to == kNone) continue;
    const bool back = x.against > 0;
    edge.flow = back ? Flow::Backward : Flow::Forward;
    edge.flow_evidence = FlowEvidence::Scenario;
    std::string names;
    for (const std::string& id : x.scenarios) names += (names.empty() ? "`" : ", `") + id + "`";
    const std::string& source = d.nodes[back ? edge.to : edge.from].id;
    const std::string& target = d.nodes[back ? edge.from : edge.to].id;
    int steps = back ? x.against : x.along;
    edge.flow_reason = "by the scenario" + std::string(x.scenarios.size() > 1 ? "s " : " ") + names + ": " +
                       (steps == 1 ? "its step over it goes `" : "every step over it goes `") + source + " -> " +
                       target + "`";
  }
}

}  // namespace

const char* direction_word(Direction d) {
  switch (d) {
    case Direction::Down: return "down";
    case Direction::Left: return "left";
    case Direction::Up: return "up";
    case Direction::Right: break;
  }
  return "right";
}

Flow flow_unwritten(const Diagram& d, EdgeId e) {
  int along = 0, against = 0;
  for (const Scenario& s : d.scenarios) {
    for (const Step& step : s.steps) {
      if (step.edge == e) ++(step.against ? against : along);
    }
  }
  const Edge& edge = d.edges[e];
  if ((along > 0) != (against > 0)) return against > 0 ? Flow::Backward : Flow::Forward;
  return flow_without_scenarios(d, edge.from, edge.to, edge.label);
}

const std::vector<std::string_view>& Names::candidates(const Index& index) {
  auto& [size, keys] = candidates_[&index];
  if (size != index.size() || keys.empty()) {
    keys = keys_in_order(index);
    size = index.size();
  }
  return keys;
}

void Names::unknown(Code code, const syntax::Name& name, std::string_view what, const Index& index,
                    std::string_view extra_help) {
  if (code == Code::UnknownNode && d_.was_dropped(name.text)) return;  // reported already
  if (code == Code::UnknownNode) {
    if (GroupId g = d_.find_group(name.text); g != kNone) {
      // A group where a node must stand: say so, and name some of its members.
      std::string members;
      int shown = 0;
      for (const Node& n : d_.nodes) {
        if (n.group != g || shown == 3) continue;
        members += (shown++ ? ", `" : "`") + n.id + "`";
      }
      diags_.error(code, name.span, "`" + name.text + "` is a group, not a node",
                   members.empty() ? "name a node here" : "name a node here, one of its members: " + members);
      return;
    }
  }
  const auto& known = candidates(index);
  std::string near;
  if (budget_ >= known.size()) {
    budget_ -= known.size();
    near = closest(name.text, known);
  }
  std::string help = near.empty() ? std::string(extra_help)
                                  : "a " + std::string(what) + " with a similar name exists: `" + near + "`";
  source::Diagnostic& d = diags_.error(code, name.span, "unknown " + std::string(what) + " `" + name.text + "`", help);
  // The name as it would be written: an editor offers it as a quick fix.
  if (!near.empty()) d.fix = as_written(near);
}

Diagram build_model(source::SourceMap& sources, const std::filesystem::path& main_path, std::string main_name,
                    std::string_view main_text, const Workspace& workspace, source::Diagnostics& diags,
                    std::shared_ptr<const syntax::File>* main_tree) {
  std::vector<LoadedFile> files = load_all(sources, main_path, std::move(main_name), main_text, workspace, diags);
  if (main_tree && !files.empty() && files.back().module.empty() && files.back().id != source::kNoFile) *main_tree = files.back().tree;
  Diagram d;
  for (const LoadedFile& f : files) {
    d.dropped_nodes.insert(d.dropped_nodes.end(), f.tree->dropped_nodes.begin(), f.tree->dropped_nodes.end());
  }
  std::sort(d.dropped_nodes.begin(), d.dropped_nodes.end());
  Names names(d, diags);

  Declarations types(d, names, diags);
  // The stdlib's declarations are read once per process when its shared trees were loaded.
  std::size_t first = 0;
  const ParsedStdlib& stdlib = parsed_stdlib();
  if (files.size() >= stdlib.trees.size() &&
      std::equal(stdlib.trees.begin(), stdlib.trees.end(), files.begin(),
                 [](const auto& tree, const LoadedFile& f) { return tree == f.tree; })) {
    types.start_from_stdlib();
    first = stdlib.trees.size();
  }
  for (std::size_t i = first; i < files.size(); ++i) {
    if (!files[i].module.empty()) d.modules.push_back({files[i].module, ""});
    types.read(files[i], i + 1 == files.size());
  }
  // The groups the files declare, gathered only if a pattern names something unknown.
  std::optional<std::set<std::string>> groups;
  types.check([&](const std::string& name) {
    if (!groups) {
      groups.emplace();
      for (std::size_t i = first; i < files.size(); ++i) {
        for (const syntax::NameUse& u : syntax::name_uses(*files[i].tree)) {
          if (u.sort == syntax::NameSort::Group) groups->insert(u.name);
        }
      }
    }
    return groups->count(name) > 0;
  });

  for (const LoadedFile& f : files) read_file_props(f.tree->props, d, diags);

  Elements elements(d, types, names, diags);
  for (const LoadedFile& f : files) elements.read_file(f.tree->statements);
  elements.read_layer_bodies();  // once every layer name is known
  elements.resolve_edges();

  LayerResolver(d, elements, names, diags).resolve();
  elements.gather_group_connections();
  check_allow(d, types.rules(), names, diags);
  add_scenarios(d, elements, diags);
  flows_from_scenarios(d);
  add_views(d, elements, names, diags);
  return d;
}

}  // namespace archc::model
