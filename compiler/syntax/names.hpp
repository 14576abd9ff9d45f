#pragma once
// Every name a file spells, where it is spelled, and what its place in the grammar says it
// names: the uses that definition, references, rename and highlight read instead of scanning
// words (so a node `kafka` of kind `kafka` is two different names).

#include <string>
#include <vector>

#include "syntax/ast.hpp"

namespace archc::syntax {

enum class NameSort {
  Node,         // a node's declaration
  Group,        // a group's header (a declaration, or a reopening)
  NodeOrGroup,  // an endpoint of a connection, a `remove`, a scenario step, a view's line: the model says which
  Kind,         // a node's kind, a kind's declaration
  Role,         // a role's declaration, a role a kind holds
  KindOrRole,   // a name in a rule's pattern
  Layer,        // a layer's declaration, the layer it extends, a scenario's `in`
  Scenario,     // a scenario's declaration
  View,         // a view's declaration
  Rule,         // a rule's declaration, a rule named by `allow:`
};

struct NameUse {
  NameSort sort = NameSort::Node;
  std::string name;  // without quotes
  Span span;         // as spelled, quotes included
  bool declares = false;
};

// In file order.
std::vector<NameUse> name_uses(const File& file);

}  // namespace archc::syntax
