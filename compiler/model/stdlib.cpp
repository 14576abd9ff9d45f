#include "model/stdlib.hpp"

#include <algorithm>
#include <vector>

#include "archc_stdlib.hpp"
#include "source/load.hpp"
#include "syntax/parse.hpp"

namespace archc::model {

std::span<const StdModule> std_modules() {
  static const std::vector<StdModule> modules = [] {
    std::vector<StdModule> out;
    for (const auto& f : archc::generated::stdlib::kFiles) out.push_back({f.name, f.text});
    std::sort(out.begin(), out.end(), [](const StdModule& a, const StdModule& b) {
      if ((a.name == "core") != (b.name == "core")) return a.name == "core";
      return a.name < b.name;
    });
    return out;
  }();
  return modules;
}

const ParsedStdlib& parsed_stdlib() {
  static const ParsedStdlib parsed = [] {
    ParsedStdlib out;
    source::SourceMap sources;
    source::Diagnostics diags;
    for (const StdModule& m : std_modules()) {
      std::optional<source::FileId> id = source::add_text(sources, "<std>/" + std::string(m.name) + ".arch", m.text, diags);
      if (!id) id = sources.add("<std>/" + std::string(m.name) + ".arch", "");
      out.trees.push_back(std::make_shared<const syntax::File>(syntax::parse(sources, *id, diags)));
    }
    for (source::FileId i = 0; i < sources.size(); ++i) out.files.push_back(sources.shared(i));
    out.diags = diags.all();
    return out;
  }();
  return parsed;
}

}  // namespace archc::model
