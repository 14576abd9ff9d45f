#pragma once
// "Did you mean": the closest name by edit distance.

#include <string>
#include <string_view>
#include <vector>

namespace archc::model {

inline constexpr std::size_t kMaxSuggestedLength = 64;

std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name` if it is close enough to be a plausible typo (distance at
// most a third of the name's length, and at least 1); ties go to the earlier candidate.
std::string closest(std::string_view name, const std::vector<std::string_view>& candidates);

// A name as the source writes it: bare when it can be, else in single quotes (what a "did you
// mean" fix puts in place).
std::string as_written(const std::string& name);

}  // namespace archc::model
