#pragma once
// For the model's unit tests: a diagram built through compile() from text in memory, with
// other files served from memory, and questions about what it holds.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "compile/compile.hpp"
#include "model/model.hpp"

namespace archc::model::test_support {

namespace fs = std::filesystem;
using source::Code;

inline constexpr const char* kMain = "/archc-unit-test/proj/main.arch";

// Builds `main_text` as /archc-unit-test/proj/main.arch, with `files` (absolute path -> text)
// served from memory; records every path the workspace is asked to read.
struct Built {
  explicit Built(std::string main_text, std::map<std::string, std::string> files = {},
                 std::vector<fs::path> extra_roots = {}) {
    Workspace w;
    w.roots = std::move(extra_roots);
    w.read = [this, files](const fs::path& path, source::Allow) {
      reads.push_back(path.generic_string());
      auto it = files.find(path.generic_string());
      if (it == files.end()) return source::FileText{{}, source::ReadError::NotFound, {}};
      return source::FileText{it->second, source::ReadError::None, {}};
    };
    compile::Request request;
    request.path = kMain;
    request.name = "main.arch";
    request.text = std::move(main_text);
    request.workspace = std::move(w);
    request.check_rules = false;
    compile::Result r = compile::compile(request);
    sources = std::move(r.sources);
    diags = std::move(r.diags);
    diagram = std::move(r.diagram);
  }

  std::size_t count(Code code) const {
    std::size_t n = 0;
    for (const auto& d : diags.all()) n += d.code == code;
    return n;
  }
  const source::Diagnostic* first(Code code) const {
    for (const auto& d : diags.all()) {
      if (d.code == code) return &d;
    }
    return nullptr;
  }
  std::string dump() const {
    std::string out;
    for (const auto& d : diags.all()) {
      out += std::string(d.name()) + ": " + d.message + " (" + d.help + ")\n";
    }
    return out;
  }
  std::size_t reads_of(const std::string& path) const {
    return static_cast<std::size_t>(std::count(reads.begin(), reads.end(), path));
  }
  std::string spelled(source::Span s) const {
    return sources.file(s.file).text().substr(s.begin, s.end - s.begin);
  }

  EdgeId edge(std::string_view from, std::string_view to) const {
    for (EdgeId i : diagram.edges.ids()) {
      const Edge& e = diagram.edges[i];
      if (e.from != kNone && e.to != kNone && diagram.nodes[e.from].id == from &&
          diagram.nodes[e.to].id == to)
        return i;
    }
    return kNone;
  }
  const Layer& layer(std::string_view id) const {
    LayerId i = diagram.find_layer(id);
    EXPECT_NE(i, kNone) << id;
    return diagram.layers.at(i);
  }
  std::vector<std::string> layer_nodes(std::string_view id) const {
    std::vector<std::string> out;
    for (NodeId n : diagram.nodes_in(diagram.find_layer(id))) out.push_back(diagram.nodes[n].id);
    return out;
  }
  std::vector<std::string> layer_edges(std::string_view id) const {
    std::vector<std::string> out;
    for (EdgeId e : diagram.edges_in(diagram.find_layer(id))) {
      out.push_back(diagram.nodes[diagram.edges[e].from].id + "->" + diagram.nodes[diagram.edges[e].to].id);
    }
    return out;
  }

  // Every connection of a layer as the rules see it: each pair of a group connection.
  std::vector<std::string> layer_pairs(std::string_view id) const {
    std::vector<std::string> out;
    LayerId l = diagram.find_layer(id);
    for (const Edge& e : diagram.edges) {
      if (diagram.in_layer(e.layers, l)) out.push_back(diagram.nodes[e.from].id + "->" + diagram.nodes[e.to].id + " " + e.label);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  source::SourceMap sources;
  source::Diagnostics diags;
  std::vector<std::string> reads;
  Diagram diagram;
};

using Strings = std::vector<std::string>;

}  // namespace archc::model::test_support
