#pragma once
// A rule pattern of one name, as the parser would make it, for the check's unit tests.

#include "model/diagram.hpp"

namespace archc::check {

inline model::Pattern pattern_of(bool any, bool negated, const char* name) {
  model::Pattern p;
  p.any = any;
  p.negated = negated;
  p.names = {syntax::Name{name, {}}};
  return p;
}

}  // namespace archc::check
