#include "model/diagram.hpp"

#include <algorithm>

namespace archc::model {

namespace {
template <typename T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
  for (const T& item : items) {
    if (item.id == id) return &item;
  }
  return nullptr;
}
template <typename IdType, typename T>
IdType index_by_id(const Table<IdType, T>& items, std::string_view id) {
  for (IdType i : items.ids()) {
    if (items[i].id == id) return i;
  }
  return kNone;
}
template <typename IdType, typename T>
std::vector<IdType> held_by(const LayerOrder& order, const Table<IdType, T>& items, LayerId layer) {
  std::vector<IdType> out;
  for (IdType i : items.ids()) {
    if (order.contains(drawn_layers(items[i]), layer)) out.push_back(i);
  }
  return out;
}
template <typename T>
std::size_t count_all(const LayerOrder& order, const T& items) {
  std::size_t n = 0;
  for (const auto& item : items) n += order.count(item.layers);
  return n;
}
}  // namespace

const Kind* Diagram::find_kind(std::string_view id) const { return find_by_id(kinds, id); }
const Role* Diagram::find_role(std::string_view id) const { return find_by_id(roles, id); }
NodeId Diagram::find_node(std::string_view id) const { return index_by_id(nodes, id); }
const std::string& Diagram::end_name(const Edge& e, bool from) const {
  GroupId g = from ? e.from_group : e.to_group;
  return g != kNone ? groups[g].id : nodes[from ? e.from : e.to].id;
}
const std::string& Diagram::end_name(const Step& s, bool from) const {
  GroupId g = from ? s.from_group : s.to_group;
  return g != kNone ? groups[g].id : nodes[from ? s.from : s.to].id;
}
std::vector<NodeId> Diagram::members(GroupId g) const {
  std::vector<NodeId> out;
  for (NodeId n : nodes.ids()) {
    // A parent is declared before the groups inside it: the chain up is short and ends.
    for (GroupId up = nodes[n].group; up != kNone; up = groups[up].parent) {
      if (up == g) {
        out.push_back(n);
        break;
      }
    }
  }
  return out;
}
GroupId Diagram::find_group(std::string_view id) const { return index_by_id(groups, id); }
bool Diagram::was_dropped(std::string_view id) const {
  return std::binary_search(dropped_nodes.begin(), dropped_nodes.end(), id);
}
LayerId Diagram::find_layer(std::string_view id) const { return index_by_id(layers, id); }
const View* Diagram::find_view(std::string_view id) const { return find_by_id(views, id); }

std::vector<NodeId> Diagram::nodes_in(LayerId layer) const { return held_by(layer_order, nodes, layer); }
std::vector<EdgeId> Diagram::edges_in(LayerId layer) const { return held_by(layer_order, edges, layer); }
std::vector<GroupId> Diagram::groups_in(LayerId layer) const { return held_by(layer_order, groups, layer); }
std::size_t Diagram::memberships() const {
  return count_all(layer_order, nodes) + count_all(layer_order, edges) + count_all(layer_order, groups);
}

}  // namespace archc::model
