#pragma once
// Typed indices into the diagram's tables (as Carbon's SemIR ids): a NodeId cannot be used
// where an EdgeId is meant, and every table has one spelling of "none", `kNone`.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace archc::model {

// The one "none": compares equal to the none of every id type, and converts to it.
struct None {
  explicit constexpr None() = default;
};
inline constexpr None kNone{};

template <typename Tag>
class Id {
 public:
  constexpr Id() = default;
  constexpr Id(None) {}  // NOLINT: `Id x = kNone` reads as meant
  explicit constexpr Id(std::size_t index) : value_(static_cast<std::uint32_t>(index)) {}

  constexpr bool valid() const { return value_ != kNoneValue; }
  // The position in its table; only for a valid id.
  constexpr std::size_t index() const { return value_; }

  friend constexpr bool operator==(Id, Id) = default;
  friend constexpr auto operator<=>(Id, Id) = default;
  friend constexpr bool operator==(Id id, None) { return !id.valid(); }

 private:
  static constexpr std::uint32_t kNoneValue = UINT32_MAX;
  std::uint32_t value_ = kNoneValue;
};

using NodeId = Id<struct NodeTag>;
using EdgeId = Id<struct EdgeTag>;
using GroupId = Id<struct GroupTag>;
using LayerId = Id<struct LayerTag>;
using ScenarioId = Id<struct ScenarioTag>;

// A table of the diagram: a vector indexed by its own id type. (Plain positions still index
// it, for loops over every element.)
template <typename IdType, typename T>
class Table : public std::vector<T> {
 public:
  using std::vector<T>::vector;
  using std::vector<T>::operator[];
  T& operator[](IdType id) { return std::vector<T>::operator[](id.index()); }
  const T& operator[](IdType id) const { return std::vector<T>::operator[](id.index()); }
  T& at(IdType id) { return std::vector<T>::at(id.index()); }
  const T& at(IdType id) const { return std::vector<T>::at(id.index()); }
  using std::vector<T>::at;
  // The id the next element pushed will have.
  IdType next_id() const { return IdType(this->size()); }
  // Every id of the table, in order: `for (NodeId n : d.nodes.ids())`.
  struct Ids {
    struct It {
      std::size_t i;
      IdType operator*() const { return IdType(i); }
      It& operator++() {
        ++i;
        return *this;
      }
      bool operator!=(const It& o) const { return i != o.i; }
    };
    std::size_t n;
    It begin() const { return {0}; }
    It end() const { return {n}; }
  };
  Ids ids() const { return Ids{this->size()}; }
};

}  // namespace archc::model

template <typename Tag>
struct std::hash<archc::model::Id<Tag>> {
  std::size_t operator()(archc::model::Id<Tag> id) const noexcept { return std::hash<std::size_t>{}(id.index()); }
};
