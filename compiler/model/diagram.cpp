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
template <typename T>
std::size_t index_by_id(const std::vector<T>& items, std::string_view id) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].id == id) return i;
  }
  return kNone;
}
}  // namespace

const Kind* Diagram::find_kind(std::string_view id) const { return find_by_id(kinds, id); }
const Role* Diagram::find_role(std::string_view id) const { return find_by_id(roles, id); }
std::size_t Diagram::find_node(std::string_view id) const { return index_by_id(nodes, id); }
bool Diagram::was_dropped(std::string_view id) const {
  return std::binary_search(dropped_nodes.begin(), dropped_nodes.end(), id);
}
std::size_t Diagram::find_layer(std::string_view id) const { return index_by_id(layers, id); }

}  // namespace archc::model
