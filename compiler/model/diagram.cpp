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
}  // namespace

const Kind* Diagram::find_kind(std::string_view id) const { return find_by_id(kinds, id); }
const Role* Diagram::find_role(std::string_view id) const { return find_by_id(roles, id); }
NodeId Diagram::find_node(std::string_view id) const { return index_by_id(nodes, id); }
bool Diagram::was_dropped(std::string_view id) const {
  return std::binary_search(dropped_nodes.begin(), dropped_nodes.end(), id);
}
LayerId Diagram::find_layer(std::string_view id) const { return index_by_id(layers, id); }

}  // namespace archc::model
