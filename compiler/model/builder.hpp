#pragma once
// Inside the model stage: the parts build_model() is made of, each with the state it needs.
//   Names         unknown-name errors with "a … with a similar name exists", on a budget
//   Declarations  roles, kinds and rules (declarations.cpp)
//   Elements      nodes, groups and connections of every block, layers as drafts (elements.cpp)
//   LayerResolver what each layer holds: extension, `remove`, cycles (layers.cpp)
// build.cpp runs them in order. Nothing outside model/ includes this header.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/diagram.hpp"
#include "model/imports.hpp"
#include "source/diagnostics.hpp"
#include "syntax/ast.hpp"

namespace archc::model {

// Ids to their index in a Diagram vector, in declaration order.
using Index = std::unordered_map<std::string, std::size_t>;

class Names {
 public:
  Names(const Diagram& diagram, source::Diagnostics& diags) : d_(diagram), diags_(diags) {}

  // `unknown WHAT `NAME``, with the closest known name as help (else `extra_help`). A node
  // dropped after a syntax error is not reported again.
  void unknown(source::Code code, const syntax::Name& name, std::string_view what, const Index& index,
               std::string_view extra_help = {});
  // The names of `index` in declaration order, for suggestions; kept until the index grows,
  // so that a thousand unknown names do not sort a thousand times.
  const std::vector<std::string_view>& candidates(const Index& index);

 private:
  const Diagram& d_;
  source::Diagnostics& diags_;
  std::map<const Index*, std::pair<std::size_t, std::vector<std::string_view>>> candidates_;
  // Suggestions cost a comparison per candidate: a file of ten thousand unknown names gets
  // its errors at once, and suggestions only while the budget lasts.
  std::size_t budget_ = 2'000'000;
};

// Registers `id` in `index` as the next of `items` unless it is there already (then a
// duplicate-id error with the first declaration as a related location).
template <typename T>
bool declare(Index& index, const std::vector<T>& items, const syntax::Name& id, std::string_view what,
             Span (*span_of)(const T&), source::Diagnostics& diags) {
  auto [it, fresh] = index.emplace(id.text, items.size());
  if (!fresh) {
    diags.error(source::Code::DuplicateId, id.span, std::string(what) + " `" + id.text + "` is declared twice")
        .note(span_of(items[it->second]), "the first declaration is here");
  }
  return fresh;
}

class Declarations {
 public:
  Declarations(Diagram& diagram, Names& names, source::Diagnostics& diags) : d_(diagram), names_(names), diags_(diags) {}

  // The title, description, roles, kinds and rules of one file (`is_main`: the file compiled).
  void read(const LoadedFile& file, bool is_main);
  // Every role a kind names, every role or kind a role reads or a rule matches, exists.
  // `is_group` says whether a name no kind or role has is a group's (asked only then).
  void check(const std::function<bool(const std::string&)>& is_group = {});
  // Starts from the stdlib's declarations, read once per process: the same as reading the
  // shared stdlib files (model/stdlib.hpp) one by one, without the work.
  void start_from_stdlib();

  const Index& roles() const { return roles_; }
  const Index& kinds() const { return kinds_; }
  const Index& rules() const { return rules_; }

 private:
  // Where to store a declaration from `module` ("" for a user file), or kNone after a
  // duplicate-id error. A user file may redeclare what the stdlib declares: the user's
  // declaration replaces it, as a local name shadows a prelude's.
  template <typename T>
  std::optional<std::size_t> slot_for(Index& index, std::vector<T>& items, const syntax::Name& id,
                                      std::string_view what, const std::string& module);
  void read_role(const syntax::RoleDecl& r, const std::string& module);
  void read_kind(const syntax::KindDecl& k, const std::string& module);
  void read_rule(const syntax::RuleDecl& r, const std::string& module);
  void check_subjects(const Rule& rule);

  Diagram& d_;
  Names& names_;
  source::Diagnostics& diags_;
  Index roles_, kinds_, rules_;
  bool saw_title_ = false, saw_description_ = false;
};

// One step of a layer body, kept in source order so that `remove` sees what came before it.
struct Op {
  enum class What { AddNode, AddEdge, Remove };
  What what = What::AddNode;
  NodeId node = kNone;  // AddNode: the node added
  EdgeId edge = kNone;  // AddEdge: the connection added
  const syntax::RemoveDecl* remove = nullptr;
};

struct LayerDraft {
  const syntax::LayerDecl* decl = nullptr;
  std::vector<Op> ops;
  LayerId base = kNone;
};

class Elements {
 public:
  Elements(Diagram& diagram, const Declarations& types, Names& names, source::Diagnostics& diags)
      : d_(diagram), types_(types), names_(names), diags_(diags) {}

  // The top-level statements of a file: nodes, groups and connections outside any layer
  // (they are in every layer), layer declarations and scenarios.
  void read_file(const std::vector<syntax::Statement>& statements) { read(statements, nullptr, GroupId(kNone)); }
  // The bodies of the layers read so far, once every layer name is known.
  void read_layer_bodies();
  // Both ends of every connection exist and differ; flows default from the roles. A group at
  // an end makes the connection one per member pair, each added where the statement is.
  void resolve_edges();
  // Where each group connection is drawn: on its first pair in any layer, in every layer of
  // any of its pairs (after the layers are resolved).
  void gather_group_connections();

  const Index& nodes() const { return nodes_; }
  const Index& layers() const { return layers_; }
  const Index& groups() const { return groups_; }
  Table<LayerId, LayerDraft>& drafts() { return drafts_; }
  const std::vector<Op>& global_ops() const { return global_ops_; }
  const std::vector<const syntax::ConnectDecl*>& edge_decls() const { return edge_decls_; }
  const std::vector<bool>& edge_ok() const { return edge_ok_; }
  const std::vector<const syntax::ScenarioDecl*>& scenarios() const { return scenarios_; }
  const std::vector<const syntax::ViewDecl*>& views() const { return views_; }

 private:
  void read(const std::vector<syntax::Statement>& body, LayerDraft* layer, GroupId group);
  void add_node(const syntax::NodeDecl& n, std::vector<Op>& ops, GroupId group);
  void add_edge(const syntax::ConnectDecl& c, std::vector<Op>& ops);
  void add_group(const syntax::GroupDecl& decl, LayerDraft* layer, GroupId parent);
  void merge_group_props(const syntax::GroupDecl& decl, Common& props);
  struct End;
  // A connection's end by name: a node, or a group and its members; reported when neither.
  std::optional<End> end_of(const syntax::Name& name);
  // Which way data flows over a connection not written with `flow:`: its label, its roles.
  void derive_flow(Edge& e) const;
  // Which way data flows over a connection by the roles at its ends; says why in `reason`.
  Flow role_flow(NodeId from, NodeId to, FlowEvidence& evidence, std::string& reason) const;

  Diagram& d_;
  const Declarations& types_;
  Names& names_;
  source::Diagnostics& diags_;
  Index nodes_, groups_, layers_;
  std::vector<const syntax::ConnectDecl*> edge_decls_;  // parallel to d_.edges
  std::vector<bool> edge_ok_;
  Table<LayerId, LayerDraft> drafts_;
  std::vector<Op> global_ops_;
  std::vector<const syntax::ScenarioDecl*> scenarios_;
  std::vector<const syntax::ViewDecl*> views_;
  Table<GroupId, std::vector<NodeId>> members_;  // each group's nodes, nested ones too (end_of)
};

// Each view's nodes, from its `include` and `exclude` lines (views.cpp).
void add_views(Diagram& d, const Elements& elements, Names& names, source::Diagnostics& diags);

class LayerResolver {
 public:
  LayerResolver(Diagram& diagram, Elements& elements, Names& names, source::Diagnostics& diags)
      : d_(diagram), e_(elements), names_(names), diags_(diags), edge_reported_(diagram.edges.size(), 0) {}

  // Fills Diagram::layers from the drafts: what each layer inherits, adds and removes. With no
  // layer declared, the diagram is one layer `main` holding everything.
  void resolve();

 private:
  void declare_layers();
  void cut_cycles();
  // Sets the LayerSet of every node and connection (layer_walk.cpp), then of every group.
  void walk_layers();
  void set_group_layers();
  class Walk;

  Diagram& d_;
  Elements& e_;
  Names& names_;
  source::Diagnostics& diags_;
  Table<EdgeId, char> edge_reported_;  // whether an error names the connection already
};

}  // namespace archc::model
